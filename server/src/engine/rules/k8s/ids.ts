/** Shared logic of the UID/GID rules. */
import type { RuleContext } from '../../rule';
import type { PodSpecRef } from '../../k8s/model';
import { effectiveSc, isWindowsPod, podScLoc, containerScLoc, who } from '../shared/pod';

export const HIGH_ID = 10000;

/** User namespaces (hostUsers: false) map container IDs to unprivileged host IDs; Windows uses runAsUserName. */
export function idChecksApply(pod: PodSpecRef): boolean {
  return pod.spec.get('hostUsers').bool !== false && !isWindowsPod(pod);
}

/**
 * Reports containers whose effective `field` (runAsUser / runAsGroup) is unset or below HIGH_ID.
 * `skip(n)` leaves out values another rule reports. When neither the pod nor any container sets the
 * field, reports once at the pod securityContext (where setting it covers every container).
 */
export function checkHighId(pod: PodSpecRef, ctx: RuleContext, field: 'runAsUser' | 'runAsGroup', what: string, skip: (n: number) => boolean): void {
  if (!idChecksApply(pod)) return;
  const unset = pod.containers.filter((c) => !effectiveSc(pod, c, field));
  if (unset.length && unset.length === pod.containers.length) {
    ctx.report({ loc: podScLoc(pod), message: `${who(pod)}: ${field} is not set on the pod or its containers, so the ${what} comes from the image (often root); set securityContext.${field} to a value of at least ${HIGH_ID} in the pod securityContext.` });
    return;
  }
  for (const c of pod.containers) {
    const e = effectiveSc(pod, c, field);
    if (!e) {
      ctx.report({ loc: containerScLoc(c), message: `${who(pod, c)}: ${field} is not set on the container or the pod, so the ${what} comes from the image; set securityContext.${field} to a value of at least ${HIGH_ID}.` });
      continue;
    }
    const n = e.view.number;
    if (n !== undefined && (n >= HIGH_ID || skip(n))) continue;
    const where = e.level === 'pod' ? 'pod securityContext' : 'securityContext';
    const shown = n !== undefined ? String(n) : `'${e.view.str ?? ''}' (not a number)`;
    ctx.report({ loc: e.view.pairLoc, message: `${who(pod, c)}: ${where}.${field} is ${shown}; use a ${what} of at least ${HIGH_ID} so it cannot collide with host accounts or system groups.` });
  }
}
