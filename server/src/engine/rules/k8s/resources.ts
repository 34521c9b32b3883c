/** Shared logic of the CPU/memory requests and limits rules. */
import type { RuleContext } from '../../rule';
import type { PodSpecRef } from '../../k8s/model';
import { who, runContainers, parseQuantity } from '../shared/pod';
import * as fix from '../../fix';

/** Snippet placeholders of the display-only fixes: a person chooses the value. */
const EXAMPLE = { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } };

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
      ctx.report({ loc: v.pairLoc, message: `${who(pod, c)}: resources.${kind}.${resource} is ${v.str ?? 'not a quantity'}; ${advice}`, fixes: fix.displayOnly(`Set resources.${kind}.${resource}`, v.isScalar ? [{ start: v.loc[0], end: v.loc[1], newText: `\${1:${EXAMPLE[kind][resource]}}` }] : undefined) });
      continue;
    }
    if (fromLimit && !fromLimit.isNull && (parseQuantity(fromLimit) ?? 0) > 0) continue;
    const loc = section.exists && section.keyLoc ? section.keyLoc : res.exists && res.keyLoc ? res.keyLoc : c.headLoc;
    ctx.report({ loc, message: `${who(pod, c)}: resources.${kind}.${resource} is not set; ${advice}`, fixes: fix.displayOnly(`Set resources.${kind}.${resource}`, fix.setPath(ctx.text, c.view, ['resources', kind, resource], fix.raw(`\${1:${EXAMPLE[kind][resource]}}`))) });
  }
}
