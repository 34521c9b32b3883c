/** Shared logic of the CPU/memory requests and limits rules. */
import type { RuleContext } from '../../rule';
import type { PodSpecRef } from '../../k8s/model';
import { who, runContainers, parseQuantity } from './util';

export function checkResource(pod: PodSpecRef, ctx: RuleContext, kind: 'requests' | 'limits', resource: 'cpu' | 'memory', advice: string): void {
  for (const c of runContainers(pod)) {
    const res = c.view.get('resources');
    const section = res.get(kind);
    const v = section.get(resource);
    // Kubernetes defaults a missing request to the limit
    const fromLimit = kind === 'requests' ? res.at('limits', resource) : undefined;
    if (!v.isNull) {
      const q = parseQuantity(v);
      if (q !== undefined && q > 0) continue;
      ctx.report({ loc: v.pairLoc, message: `${who(pod, c)}: resources.${kind}.${resource} is ${v.str ?? 'not a quantity'}; ${advice}` });
      continue;
    }
    if (fromLimit && !fromLimit.isNull && (parseQuantity(fromLimit) ?? 0) > 0) continue;
    const loc = section.exists && section.keyLoc ? section.keyLoc : res.exists && res.keyLoc ? res.keyLoc : c.headLoc;
    ctx.report({ loc, message: `${who(pod, c)}: resources.${kind}.${resource} is not set; ${advice}` });
  }
}
