import { defineRule } from '../../rule';
/**
 * Control-plane components in manifests: kube-apiserver, kube-controller-manager, kube-scheduler,
 * etcd and kubelet run as containers (static pods, or Deployments/DaemonSets in self-hosted
 * clusters), configured by command-line flags in `command` and `args`. Flags are read the way the
 * components' flag parser (pflag) reads them: `--flag=value`, `--flag value` as two items, a bare
 * boolean `--flag`, several flags inside one string (`sh -c "kube-apiserver --a=b ..."`), and for a
 * repeated flag the last one wins (list flags: the occurrences add up).
 */
import type { RuleContext, K8sRule } from '../../rule';
import type { Loc, RuleMeta } from '../../types';
import { podSpecOf, runsPod, K8sObject, ContainerRef, PodSpecRef, describeObject, describeContainer } from '../../k8s/model';
import type { YView } from '../../yaml/nodes';
import { lookup } from '../../own';

export type ComponentKind = 'kube-apiserver' | 'kube-controller-manager' | 'kube-scheduler' | 'etcd' | 'kubelet';
const KINDS: ComponentKind[] = ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'etcd', 'kubelet'];
const HYPERKUBE: Record<string, ComponentKind> = { apiserver: 'kube-apiserver', 'kube-apiserver': 'kube-apiserver', 'controller-manager': 'kube-controller-manager', 'kube-controller-manager': 'kube-controller-manager', scheduler: 'kube-scheduler', 'kube-scheduler': 'kube-scheduler', kubelet: 'kubelet' };

/** Where a token was read: the `command`/`args` sequence and item (for fixes), `whole` when the item is that one token. */
export interface TokenSource { seq: YView; index: number; whole: boolean }
export interface Token { text: string; loc: Loc; src?: TokenSource }
/** A flag; `src` is where its name token was read (absent for etcd's ETCD_* variables), `valueSrc` its separate value item. */
export interface Flag { name: string; value: string | undefined; loc: Loc; valueLoc?: Loc; src?: TokenSource; valueSrc?: TokenSource }

export interface Component {
  kind: ComponentKind;
  obj: K8sObject;
  container: ContainerRef;
  flags: Flag[];
  /** Where to point when a flag is missing: the executable in `command`, else the container. */
  headLoc: Loc;
  /** Minor version from the image tag (`v1.28.3` -> 28), when it says. */
  minor?: number;
  who: string;
  /** The container's `command` and `args`, and whether the flags are the items of those lists (not words of a shell script): fixes add flags only then. */
  command: YView;
  args: YView;
  itemized: boolean;
}

const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'busybox']);

function basename(s: string): string { return s.slice(s.lastIndexOf('/') + 1); }

function imageComponent(image: string): ComponentKind | undefined {
  const noDigest = image.split('@')[0];
  const lastColon = noDigest.lastIndexOf(':');
  const repo = lastColon > noDigest.lastIndexOf('/') ? noDigest.slice(0, lastColon) : noDigest;
  const name = basename(repo).replace(/-(amd64|arm64|arm|ppc64le|s390x)$/, '');
  if (name === 'hyperkube') return undefined;
  return KINDS.find((k) => k === name);
}

export function imageMinor(image: string): number | undefined {
  const m = /:v?1\.(\d+)(?:\.\d+)?(?:[-+@].*)?$/.exec(image.split('@')[0]);
  return m ? Number(m[1]) : undefined;
}

/** Splits the strings of `command` and `args` into tokens with their locations in the file. */
function tokensOf(seqs: YView[], text: string): Token[] {
  const out: Token[] = [];
  for (const seq of seqs) seq.items().forEach((it, index) => {
    const s = it.str;
    if (s === undefined) return;
    const [a, b] = it.loc;
    if (!/\s/.test(s.trim())) { out.push({ text: s.trim(), loc: [a, b], src: { seq, index, whole: true } }); return; }
    const raw = text.slice(a, b);
    let from = 0;
    for (const m of s.matchAll(/[^\s"']+(?:=(?:"[^"]*"|'[^']*'|[^\s]*))?/g)) {
      const t = m[0].replace(/=(["'])(.*)\1$/, '=$2');
      const i = raw.indexOf(m[0], from);
      if (i >= 0) { out.push({ text: t, loc: [a + i, a + i + m[0].length], src: { seq, index, whole: false } }); from = i + m[0].length; } else out.push({ text: t, loc: [a, b] });
    }
  });
  return out;
}

function parseFlags(tokens: Token[]): Flag[] {
  const flags: Flag[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (!t.text.startsWith('--') || t.text === '--') continue;
    const eq = t.text.indexOf('=');
    if (eq > 0) { flags.push({ name: t.text.slice(2, eq), value: t.text.slice(eq + 1), loc: t.loc, src: t.src }); continue; }
    const next = tokens[i + 1];
    if (next && !next.text.startsWith('-')) { flags.push({ name: t.text.slice(2), value: next.text, loc: [t.loc[0], Math.max(t.loc[1], next.loc[1])], valueLoc: next.loc, src: t.src, valueSrc: next.src }); i++; continue; }
    flags.push({ name: t.text.slice(2), value: undefined, loc: t.loc, src: t.src });
  }
  return flags;
}

/**
 * The control-plane components run by the containers of an object, once per pod spec (each
 * control-plane rule asks): podSpecOf gives an object one pod spec per place of its document in the
 * file, and the components' locations and tokens come from the object's own text at that place.
 */
const componentCache = new WeakMap<PodSpecRef, Component[]>();
const NONE: Component[] = [];
export function componentsOf(obj: K8sObject, ctx: RuleContext): Component[] {
  // most objects run no pod (the pod spec is cached on the object): no cache entry to look up
  const pod = podSpecOf(obj);
  if (!pod) return NONE;
  // (no closure over the arguments: 60 rules ask for every object)
  let cs = componentCache.get(pod);
  if (!cs) componentCache.set(pod, (cs = computeComponents(obj, ctx)));
  return cs;
}

function computeComponents(obj: K8sObject, ctx: RuleContext): Component[] {
  const pod = podSpecOf(obj);
  if (!pod) return [];
  const out: Component[] = [];
  for (const c of pod.containers) {
    const commandView = c.view.get('command');
    const argsView = c.view.get('args');
    const command = commandView.items();
    const image = c.view.get('image').str ?? '';
    let tokens = tokensOf([commandView, argsView], ctx.text);
    let kind: ComponentKind | undefined;
    let headLoc: Loc = c.headLoc;
    // whether the component's flags are the items of command/args: the executable is command's first item, or the image's
    let itemized = false;
    // the executable: first token of command, possibly after a shell or hyperkube
    const isExe = (t: Token | undefined) => !!t && (KINDS.includes(basename(t.text) as ComponentKind) || basename(t.text) === 'hyperkube');
    const shell = tokens.length > 0 && SHELLS.has(basename(tokens[0].text));
    // in a shell script, only a word in command position runs the component (`sh -c "exec etcd ..."`,
    // `... && etcd ...`); `vtctld -topo_implementation etcd` merely mentions it
    const exeIdx = shell ? tokens.findIndex((t, i) => i > 0 && isExe(t) && commandPosition(tokens, i)) : isExe(tokens[0]) ? 0 : -1;
    if (command.length && exeIdx >= 0) {
      itemized = !shell;
      const exe = basename(tokens[exeIdx].text);
      if (exe === 'hyperkube') {
        const sub = tokens[exeIdx + 1];
        kind = sub ? lookup(HYPERKUBE, basename(sub.text)) : undefined;
        if (kind) { headLoc = sub.loc; tokens = tokens.slice(exeIdx + 2); }
      } else {
        kind = exe as ComponentKind;
        headLoc = tokens[exeIdx].loc;
        tokens = tokens.slice(exeIdx + 1);
      }
    } else if (!command.length) {
      kind = imageComponent(image);
      itemized = true;
      const img = c.view.get('image');
      if (kind && img.exists) headLoc = img.loc;
    }
    const etcdEnv = etcdEnvFlags(c.view.get('env').items());
    if (!kind && etcdEnv.server && (!command.length || /etcd/i.test(image))) {
      kind = 'etcd';
      const img = c.view.get('image');
      if (img.exists) headLoc = img.loc;
    }
    if (!kind) continue;
    // etcd reads every flag from ETCD_<FLAG> too; a command-line flag takes precedence (it comes later)
    const envFlags = kind === 'etcd' ? etcdEnv.flags : [];
    itemized &&= tokens.every((t) => t.src?.whole);
    out.push({ kind, obj, container: c, flags: [...envFlags, ...parseFlags(tokens)], headLoc, minor: imageMinor(image), who: `${describeObject(obj)}, ${describeContainer(c)} (${kind})`, command: commandView, args: argsView, itemized });
  }
  return out;
}

/** Whether token i starts a command of a shell script: right after the shell and its options, or after `exec`, `;`, `&&`, `||`, `|`. */
function commandPosition(tokens: Token[], i: number): boolean {
  let j = 1;
  while (j < i && /^-[a-z]+$/.test(tokens[j].text) && tokens[j].text.length <= 5) {
    if (tokens[j].text === '-o' && j + 1 < i) j++;
    j++;
  }
  if (j === i) return true;
  const prev = tokens[i - 1].text;
  return ['exec', ';', '&&', '||', '|', 'then', 'do', 'else'].includes(prev) || /(;|&&|\|\|)$/.test(prev);
}

/** etcd flags given as environment variables (`ETCD_LISTEN_CLIENT_URLS` is `--listen-client-urls`); `server` when one only an etcd member reads is set. */
function etcdEnvFlags(env: YView[]): { flags: Flag[]; server: boolean } {
  const flags: Flag[] = [];
  let server = false;
  for (const e of env) {
    const name = e.get('name').str;
    if (!name || !/^ETCD_[A-Z0-9_]+$/.test(name)) continue;
    const value = e.get('value');
    if (value.str === undefined) continue; // valueFrom: the value is not in the file
    const flagName = name.slice(5).toLowerCase().replace(/_/g, '-');
    if (['listen-client-urls', 'listen-peer-urls', 'initial-cluster', 'data-dir', 'initial-advertise-peer-urls'].includes(flagName)) server = true;
    flags.push({ name: flagName, value: value.str, loc: value.exists ? value.loc : e.loc, valueLoc: value.exists ? value.loc : undefined });
  }
  return { flags, server };
}

export function flag(c: Component, name: string): Flag | undefined {
  let f: Flag | undefined;
  for (const x of c.flags) if (x.name === name) f = x;
  return f;
}

/** A flag whose value is a comma-separated list; repeated occurrences add up. */
export function listFlag(c: Component, name: string): { items: string[]; flags: Flag[] } {
  const flags = c.flags.filter((x) => x.name === name);
  return { flags, items: flags.flatMap((f) => (f.value ?? '').split(',').map((s) => s.trim()).filter(Boolean)) };
}

/** Value of a boolean flag: bare `--flag` is true; undefined when absent; null when not a boolean. */
export function boolFlag(f: Flag | undefined): boolean | undefined | null {
  if (!f) return undefined;
  if (f.value === undefined) return true;
  const v = f.value.trim().toLowerCase();
  if (['true', '1', 't'].includes(v)) return true;
  if (['false', '0', 'f'].includes(v)) return false;
  return null;
}

/** A flag that names a file: set when present with a non-empty value. */
export function fileFlag(c: Component, name: string): Flag | undefined {
  const f = flag(c, name);
  return f && f.value && f.value.trim() ? f : undefined;
}

/** Location of a flag's value inside its token (for `--flag=value`), else the flag. */
export function valueLoc(f: Flag): Loc {
  if (f.valueLoc) return f.valueLoc;
  return f.loc;
}

/** Location of one item of a comma list inside a flag token, when it can be found. */
export function itemLoc(f: Flag, item: string, text: string): Loc {
  const raw = text.slice(f.loc[0], f.loc[1]);
  const eq = raw.indexOf('=');
  const re = new RegExp(`(^|[=,\\s])(${item.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')})(?=$|[,\\s"'])`);
  const m = re.exec(raw.slice(Math.max(eq, 0)));
  if (!m) return f.loc;
  const start = f.loc[0] + Math.max(eq, 0) + m.index + m[1].length;
  return [start, start + item.length];
}

/** A rule over the control-plane components of an object (and, optionally, over component config objects). */
export function componentRule(meta: RuleMeta, kinds: ComponentKind[], check: (c: Component, ctx: RuleContext) => void, other?: (obj: K8sObject, ctx: RuleContext) => void): K8sRule {
  return defineRule('object', meta, (obj, ctx) => {
    const cs = componentsOf(obj, ctx);
    for (let i = 0; i < cs.length; i++) if (kinds.includes(cs[i].kind)) check(cs[i], ctx);
    other?.(obj, ctx);
  }, other ? {} : { applies: runsPod });
}

/** kubelet flags: the defaults apply only when no config file (`--config`) may set the field instead. */
export function kubeletUsesFlagsOnly(c: Component): boolean {
  return !fileFlag(c, 'config');
}

export function isKubeletConfiguration(obj: K8sObject): boolean {
  return obj.kind === 'KubeletConfiguration' && /^kubelet\.config\.k8s\.io\//.test(obj.apiVersion);
}

/** Checks the file name of a key or certificate flag looks like one (a typo or a wrong flag value is common). */
export const KEY_FILE = /\.(pem|key|pub|crt|cert|cer|der)$/i;

/** Component configuration objects (KubeletConfiguration, audit Policy, ...) usually have no name. */
export function describeConfig(obj: K8sObject): string {
  return obj.name ? describeObject(obj) : obj.kind;
}
