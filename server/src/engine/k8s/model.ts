/** Kubernetes objects and the pod specs they embed. */
import type { DocModel } from '../yaml/parse';
import { YView } from '../yaml/nodes';
import { isMap, isScalar, isSeq, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import type { Loc, ResourceRef } from '../types';

export interface K8sObject {
  doc: DocModel;
  view: YView;
  apiVersion: string;
  kind: string;
  name: string;
  namespace: string;
  /** Index of the item in a `kind: List`, or -1. */
  listIndex: number;
  ref: ResourceRef;
  /** Where to point for findings about the object as a whole: `metadata.name`, else `kind`. */
  headLoc: Loc;
  /** Start of the object (for resource-level suppression comments). */
  startLoc: Loc;
}

export type ContainerKind = 'containers' | 'initContainers' | 'ephemeralContainers';

export interface ContainerRef {
  view: YView;
  name: string;
  kind: ContainerKind;
  index: number;
  /** What to underline when a field is missing in the container: its name, else the item. */
  headLoc: Loc;
}

export interface PodSpecRef {
  obj: K8sObject;
  spec: YView;
  /** The pod's metadata (pod template metadata for workloads). */
  meta: YView;
  /** Path of the pod spec from the object root, e.g. ['spec', 'template', 'spec']. */
  path: string[];
  containers: ContainerRef[];
}

export function objectsOf(doc: DocModel): K8sObject[] {
  if (doc.skipped) return [];
  const root = doc.root;
  if (!root.isMap) return [];
  // a Kustomize strategic-merge patch is a fragment of an object, not one (K8S104 says so)
  if (patchDirective(doc)) return [];
  const out: K8sObject[] = [];
  const kind = root.get('kind').string;
  const apiVersion = root.get('apiVersion').string;
  if (!kind || !apiVersion) return out;
  if (kind === 'List' || (kind.endsWith('List') && root.get('items').isSeq)) {
    root.get('items').items().forEach((item, i) => {
      const o = makeObject(doc, item, i);
      if (o) out.push(o);
    });
    return out;
  }
  const o = makeObject(doc, root, -1);
  if (o) out.push(o);
  return out;
}

function makeObject(doc: DocModel, view: YView, listIndex: number): K8sObject | undefined {
  if (!view.isMap) return undefined;
  const apiVersion = view.get('apiVersion').string;
  const kind = view.get('kind').string;
  if (!apiVersion || !kind || !/^[A-Za-z][A-Za-z0-9]*$/.test(kind)) return undefined;
  const meta = view.get('metadata');
  const nameV = meta.get('name');
  const name = nameV.str ?? meta.get('generateName').str ?? '';
  const namespace = meta.get('namespace').str ?? '';
  return new KObject(doc, view, apiVersion, kind, name, namespace, listIndex, { apiVersion, kind, name, namespace, document: doc.index }, nameV);
}

/**
 * An object of a class, not a literal: an object literal with getters is made in dictionary mode,
 * which cost every rule's reads of `kind`, `name`, `view`... a hash lookup, and each object about
 * 1 KB (a property dictionary and two getter closures).
 */
class KObject implements K8sObject {
  constructor(
    readonly doc: DocModel, readonly view: YView, readonly apiVersion: string, readonly kind: string, readonly name: string,
    readonly namespace: string, readonly listIndex: number, readonly ref: ResourceRef, private readonly nameV: YView,
  ) {}
  // Computed on access: a document's offset in the file is set after parsing (and changes when an
  // earlier document is edited), so locations captured at parse time would be chunk-relative.
  get headLoc(): Loc { return this.nameV.exists ? this.nameV.loc : this.view.get('kind').loc; }
  get startLoc(): Loc { return this.view.loc; }
  /** podSpecOf's cache (a field: every pod rule asks, for every object). */
  podAt = -1;
  pod: PodSpecRef | undefined = undefined;
}

const TEMPLATE_KINDS = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'ReplicationController', 'Job']);

/**
 * The pod spec is looked up by every workload rule; it is computed once per object and document
 * offset (locations inside it depend on where the document sits in the file): in the object's
 * fields for objects of objectsOf, here for any other implementation of K8sObject.
 */
const podSpecCache = new WeakMap<K8sObject, { offset: number; pod: PodSpecRef | undefined }>();

export function podSpecOf(obj: K8sObject): PodSpecRef | undefined {
  const offset = obj.doc.pd.offset;
  if (obj instanceof KObject) {
    if (obj.podAt !== offset) { obj.pod = computePodSpec(obj); obj.podAt = offset; }
    return obj.pod;
  }
  const hit = podSpecCache.get(obj);
  if (hit && hit.offset === offset) return hit.pod;
  const pod = computePodSpec(obj);
  podSpecCache.set(obj, { offset, pod });
  return pod;
}

/** Whether the object runs a pod (has a pod spec): what rules about pods or their containers can speak on. */
export function runsPod(obj: K8sObject): boolean {
  return podSpecOf(obj) !== undefined;
}

function computePodSpec(obj: K8sObject): PodSpecRef | undefined {
  const v = obj.view;
  let path: string[] | undefined;
  if (obj.kind === 'Pod' && obj.apiVersion === 'v1') path = ['spec'];
  else if (obj.kind === 'PodTemplate' && obj.apiVersion === 'v1') path = ['template', 'spec'];
  else if (obj.kind === 'CronJob') path = ['spec', 'jobTemplate', 'spec', 'template', 'spec'];
  else if (TEMPLATE_KINDS.has(obj.kind)) path = ['spec', 'template', 'spec'];
  else if (v.at('spec', 'template', 'spec', 'containers').isSeq) path = ['spec', 'template', 'spec'];
  if (!path) return undefined;
  const spec = v.at(...path);
  if (!spec.isMap) return undefined;
  const metaPath = path.length === 1 ? ['metadata'] : [...path.slice(0, -1), 'metadata'];
  const meta = v.at(...metaPath);
  return { obj, spec, meta, path, containers: containersOf(spec) };
}

export function containersOf(spec: YView): ContainerRef[] {
  const out: ContainerRef[] = [];
  for (const kind of ['initContainers', 'containers', 'ephemeralContainers'] as ContainerKind[]) {
    spec.get(kind).items().forEach((c, index) => {
      if (!c.isMap) return;
      const nameV = c.get('name');
      out.push({ view: c, kind, index, name: nameV.str ?? `#${index}`, headLoc: nameV.exists ? nameV.pairLoc : c.loc });
    });
  }
  return out;
}

export function describeObject(o: K8sObject): string {
  return `${o.kind} '${o.name || '(unnamed)'}'`;
}

export function describeContainer(c: ContainerRef): string {
  const k = c.kind === 'containers' ? 'container' : c.kind === 'initContainers' ? 'init container' : 'ephemeral container';
  return `${k} '${c.name}'`;
}

/** Keys that only a strategic-merge patch has (Kubernetes' strategic merge patch directives). */
const DIRECTIVE = /^\$(patch|retainKeys|setElementOrder\/|deleteFromPrimitiveList\/)/;
const directiveCache = new WeakMap<DocModel, { key: string; value: string | undefined; loc: [number, number]; depth: number } | null>();

/**
 * The first strategic-merge patch directive of the document (`$patch: delete`, `$patch: replace`,
 * `$retainKeys`, `$setElementOrder/...`, `$deleteFromPrimitiveList/...`) with its location and depth
 * (0: a key of the root mapping), or undefined. Aliases are not followed.
 */
export function patchDirective(doc: DocModel): { key: string; value: string | undefined; loc: [number, number]; depth: number } | undefined {
  // locations are kept relative to the document: it may move in the file between analyses
  // (a text without `$` or an escape writes no such key: parse.ts marks it)
  if (doc.directiveFree) return undefined;
  const at = (f: { key: string; value: string | undefined; loc: [number, number]; depth: number } | null) => f ? { ...f, loc: [doc.pd.offset + f.loc[0], doc.pd.offset + f.loc[1]] as [number, number] } : undefined;
  const hit = directiveCache.get(doc);
  if (hit !== undefined) return at(hit);
  let found: { key: string; value: string | undefined; loc: [number, number]; depth: number } | null = null;
  // nodes and their depths on two stacks (no pair allocated per node)
  const stack: unknown[] = [doc.pd.doc.contents];
  const depths: number[] = [0];
  let budget = 200_000;
  while (stack.length && !found && budget-- > 0) {
    const n = stack.pop();
    const depth = depths.pop()!;
    if (isMap(n)) {
      for (const p of (n as YAMLMap).items) {
        const k = isScalar(p.key) ? (p.key as Scalar).value : undefined;
        if (typeof k === 'string' && k.charCodeAt(0) === 36 && DIRECTIVE.test(k)) {
          const r = (p.key as Scalar).range ?? [0, 0];
          const v = isScalar(p.value) ? (p.value as Scalar).value : undefined;
          found = { key: k, value: typeof v === 'string' ? v : undefined, loc: [r[0], r[1]], depth };
          break;
        }
        stack.push(p.value); depths.push(depth + 1);
      }
    } else if (isSeq(n)) {
      for (const it of (n as YAMLSeq).items) { stack.push(it); depths.push(depth + 1); }
    }
  }
  directiveCache.set(doc, found);
  return at(found);
}
