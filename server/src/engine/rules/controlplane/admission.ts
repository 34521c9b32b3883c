/**
 * The admission plugins of a kube-apiserver container, computed as the API server does: the
 * defaults, plus `--enable-admission-plugins`, minus `--disable-admission-plugins`; or exactly the
 * legacy `--admission-control` list. Shared by the admission plugin rules (CP005 and the rules split
 * from it, one per plugin), with the fixes that add a plugin or take it out of a list.
 */
import type { RuleContext } from '../../rule';
import type { FixDef, Loc } from '../../types';
import * as fix from '../../fix';
import { listFlag, itemLoc, type Component, type Flag } from './flags';
import { addFlag, appendToList, removeFromList } from './flagfix';
import { TextScopedCache } from '../../text';

/** Admission plugins enabled by default (kube-apiserver --enable-admission-plugins help, 1.2x+). */
export const DEFAULT_ON = ['NamespaceLifecycle', 'LimitRanger', 'ServiceAccount', 'TaintNodesByCondition', 'PodSecurity', 'Priority', 'DefaultTolerationSeconds', 'DefaultStorageClass', 'StorageObjectInUseProtection', 'PersistentVolumeClaimResize', 'RuntimeClass', 'CertificateApproval', 'CertificateSigning', 'ClusterTrustBundleAttest', 'CertificateSubjectRestriction', 'DefaultIngressClass', 'MutatingAdmissionPolicy', 'MutatingAdmissionWebhook', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionWebhook', 'ResourceQuota'];

export interface Admission {
  on: Set<string>;
  legacy: { items: string[]; flags: Flag[] };
  enable: { items: string[]; flags: Flag[] };
  disable: { items: string[]; flags: Flag[] };
  /** Where a plugin is listed (in --admission-control or --enable-admission-plugins). */
  where(p: string): Loc | undefined;
  /** Where to report a plugin that is missing: the last list flag, else the executable. */
  anchor: Loc;
  version: string;
}

const cache = new TextScopedCache<Component, Admission>();
export function admissionOf(c: Component, ctx: RuleContext): Admission {
  return cache.get(ctx.text, c, c.headLoc[0], () => compute(c, ctx));
}

function compute(c: Component, ctx: RuleContext): Admission {
  const legacy = listFlag(c, 'admission-control');
  const enable = listFlag(c, 'enable-admission-plugins');
  const disable = listFlag(c, 'disable-admission-plugins');
  const on = new Set(legacy.flags.length ? legacy.items : [...DEFAULT_ON, ...enable.items]);
  for (const p of disable.items) on.delete(p);
  const listFlags = [...legacy.flags, ...enable.flags];
  const where = (p: string) => {
    for (const f of listFlags) if ((f.value ?? '').split(',').map((s) => s.trim()).includes(p)) return itemLoc(f, p, ctx.text);
    return undefined;
  };
  const anchor = listFlags[listFlags.length - 1]?.loc ?? c.headLoc;
  const version = c.minor === undefined ? 'the latest Kubernetes (no version in the image tag)' : `Kubernetes 1.${c.minor}`;
  return { on, legacy, enable, disable, where, anchor, version };
}

/** The fix that turns a plugin on: out of --disable-admission-plugins, into the list in force (legacy --admission-control, else --enable-admission-plugins). */
export function enablePluginFix(c: Component, ctx: RuleContext, a: Admission, plugin: string): FixDef[] {
  const d = a.disable.flags.find((f) => (f.value ?? '').split(',').map((s) => s.trim()).includes(plugin));
  if (d) return fix.unsafe(`Remove ${plugin} from --disable-admission-plugins`, removeFromList(c, d, ctx.text, plugin));
  const list = a.legacy.flags.length ? a.legacy.flags[a.legacy.flags.length - 1] : a.enable.flags[a.enable.flags.length - 1];
  const edits = list ? appendToList(list, ctx.text, plugin) : addFlag(c, ctx, `--enable-admission-plugins=${plugin}`);
  return fix.unsafe(`Add ${plugin} to --${list?.name ?? 'enable-admission-plugins'}`, edits);
}

/** The fix that takes a plugin out of every list that turns it on. */
export function removePluginFix(c: Component, ctx: RuleContext, a: Admission, plugin: string): FixDef[] {
  const edits = [];
  for (const f of [...a.legacy.flags, ...a.enable.flags]) {
    if (!(f.value ?? '').split(',').map((s) => s.trim()).includes(plugin)) continue;
    const e = removeFromList(c, f, ctx.text, plugin);
    if (!e) return [];
    edits.push(...e);
  }
  return fix.unsafe(`Remove ${plugin} from the admission plugins`, edits);
}

/**
 * The check of one admission plugin that must be on (NodeRestriction, AlwaysPullImages, ...): reported
 * at the last list flag (or the executable) when it is not enabled, with `why` in the message.
 * `fixable`: whether enabling it needs nothing else (EventRateLimit needs a configuration file).
 */
export function wantedPlugin(plugin: string, why: string, fixable: boolean) {
  return (c: Component, ctx: RuleContext): void => {
    const a = admissionOf(c, ctx);
    if (a.on.has(plugin)) return;
    ctx.report({ loc: a.anchor, message: `${c.who}: admission plugin ${plugin} is not enabled (${plugin} ${why}). Add it to --enable-admission-plugins.`, fixes: fixable ? enablePluginFix(c, ctx, a, plugin) : undefined });
  };
}

/** The check of a default-on plugin that must not be turned off (ServiceAccount, NamespaceLifecycle). */
export function defaultPlugin(plugin: string, why: string) {
  return (c: Component, ctx: RuleContext): void => {
    const a = admissionOf(c, ctx);
    if (a.on.has(plugin)) return;
    const d = a.disable.flags.find((f) => (f.value ?? '').split(',').map((s) => s.trim()).includes(plugin));
    ctx.report({ loc: d ? itemLoc(d, plugin, ctx.text) : a.anchor, message: `${c.who}: admission plugin ${plugin} is ${d ? 'disabled' : 'not in the --admission-control list'}, so ${why}. ${d ? 'Remove it from --disable-admission-plugins' : `Add ${plugin}`}.`, fixes: enablePluginFix(c, ctx, a, plugin) });
  };
}
