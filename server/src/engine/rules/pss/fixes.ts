/** Fixes shared by the Pod Security Standards rules (built with the fix library). */
import * as fix from '../../fix';
import type { FixDef } from '../../types';
import type { RuleContext } from '../../rule';
import type { ContainerRef, PodSpecRef } from '../../k8s/model';
import type { YView } from '../../yaml/nodes';

/** `spec.securityContext.<path> = value` on the pod. */
export function podScFix(pod: PodSpecRef, ctx: RuleContext, path: string[], value: fix.Value, title: string): FixDef[] {
  return fix.unsafe(title, fix.setPath(ctx.text, pod.spec, ['securityContext', ...path], value));
}

/** `securityContext.<path> = value` on a container. */
export function containerScFix(c: ContainerRef, ctx: RuleContext, path: string[], value: fix.Value, title: string): FixDef[] {
  return fix.unsafe(title, fix.setPath(ctx.text, c.view, ['securityContext', ...path], value));
}

/** Remove the pair holding `v`. */
export function removeFix(v: YView, ctx: RuleContext, title: string): FixDef[] {
  return fix.unsafe(title, fix.removePair(ctx.text, v));
}

/** Set the scalar `v` (an existing field) to `value`. */
export function setFix(v: YView, ctx: RuleContext, value: fix.Scalarish, title: string): FixDef[] {
  return fix.unsafe(title, fix.setScalar(ctx.text, v, value));
}

/** Remove from the sequence `seq` every item for which `bad` holds (one edit for the whole list). */
export function removeItemsFix(seq: YView, ctx: RuleContext, bad: (item: YView) => boolean, title: string): FixDef[] {
  const idx = seq.items().map((it, i) => (bad(it) ? i : -1)).filter((i) => i >= 0);
  return fix.unsafe(title, fix.removeItems(ctx.text, seq, idx));
}
