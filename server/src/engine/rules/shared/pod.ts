/** Helpers shared by the workload rules (K8S020+): metadata, pod specs, effective security context. */
import type { Loc } from '../../types';
import { PodSpecRef, ContainerRef, describeObject, describeContainer, K8sObject } from '../../k8s/model';
import type { YView } from '../../yaml/nodes';





export function who(pod: PodSpecRef, c?: ContainerRef): string {
  return c ? `${describeObject(pod.obj)}, ${describeContainer(c)}` : describeObject(pod.obj);
}

export function isWindowsPod(pod: PodSpecRef): boolean {
  return pod.spec.at('os', 'name').str === 'windows';
}

/** Containers that run as regular or init containers (ephemeral containers cannot set resources or ports). */
export function runContainers(pod: PodSpecRef): ContainerRef[] {
  return pod.containers.filter((c) => c.kind !== 'ephemeralContainers');
}

/** Where to point when a securityContext field is missing on a container: its `securityContext` key, else its name. */
export function containerScLoc(c: ContainerRef): Loc {
  const s = c.view.get('securityContext');
  return s.exists && s.keyLoc ? s.keyLoc : c.headLoc;
}

/** Where to point when a pod-level field is missing: the pod `securityContext` key, else the pod spec key, else the object name. */
export function podScLoc(pod: PodSpecRef): Loc {
  const s = pod.spec.get('securityContext');
  if (s.exists && s.keyLoc) return s.keyLoc;
  return podSpecKeyLoc(pod);
}

/** The key of the pod spec (`spec:` of a Pod, `spec:` of a template), else the object name. */
export function podSpecKeyLoc(pod: PodSpecRef): Loc {
  return pod.spec.keyLoc ?? pod.obj.headLoc;
}

export interface Effective { view: YView; level: 'container' | 'pod' }

/**
 * A field that exists in both the container and the pod securityContext (runAsUser, runAsGroup,
 * runAsNonRoot, seccompProfile, appArmorProfile, seLinuxOptions, windowsOptions): the container's
 * value wins when set (explicit null counts as unset), else the pod's.
 */
export function effectiveSc(pod: PodSpecRef, c: ContainerRef, field: string): Effective | undefined {
  const cv = c.view.at('securityContext', field);
  if (!cv.isNull) return { view: cv, level: 'container' };
  const pv = pod.spec.at('securityContext', field);
  if (!pv.isNull) return { view: pv, level: 'pod' };
  return undefined;
}

/** `securityContext.capabilities.<list>` of a container as strings, with their views. */
export function capabilityItems(c: ContainerRef, list: 'add' | 'drop'): { name: string; view: YView }[] {
  return c.view.at('securityContext', 'capabilities', list).items()
    .map((v) => ({ name: v.str ?? '', view: v }))
    .filter((x) => x.name !== '');
}

/** Strips an optional `CAP_` prefix and upper-cases, as container runtimes do. */
export function capName(s: string): string {
  const u = s.trim().toUpperCase();
  return u.startsWith('CAP_') ? u.slice(4) : u;
}

/** hostPath volumes of a pod: name, path and the views to point at. */
export interface HostPathVolume { name: string; path: string; volume: YView; pathView: YView }
export function hostPathVolumes(pod: PodSpecRef): HostPathVolume[] {
  const out: HostPathVolume[] = [];
  for (const v of pod.spec.get('volumes').items()) {
    const hp = v.get('hostPath');
    if (!hp.isMap) continue;
    const pathView = hp.get('path');
    out.push({ name: v.get('name').str ?? '', path: pathView.str ?? '', volume: v, pathView });
  }
  return out;
}

/** Normalises a host path for comparison: collapses slashes, drops a trailing slash and `.` segments. */
export function normalizePath(p: string): string {
  const parts: string[] = [];
  for (const seg of p.trim().split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') { parts.pop(); continue; }
    parts.push(seg);
  }
  return '/' + parts.join('/');
}

/** Parses a Kubernetes resource quantity to a number (cores or bytes); undefined when malformed. */
export function parseQuantity(v: YView): number | undefined {
  if (typeof v.value === 'number') return v.value;
  const s = v.string?.trim();
  if (!s) return undefined;
  const m = /^([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?$/.exec(s);
  if (!m) return undefined;
  const mult: Record<string, number> = {
    Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
    n: 1e-9, u: 1e-6, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  };
  return Number(m[1]) * (m[2] ? mult[m[2]] : 1);
}

/** The object's own annotations as [key, view] pairs. */
export function annotations(obj: K8sObject): [string, YView][] {
  return obj.view.at('metadata', 'annotations').entries();
}
