/** The audit log retention flags of kube-apiserver (CP039, CP040, CP041, split from CP008), one check each. */
import type { RuleContext } from '../../rule';
import { flag, type Component } from './flags';
import { setFlagFix } from './flagfix';

export interface Limit { name: string; min: number; what: string }

/** Missing (or empty): `audit logging is incomplete: set --name=min.` at the executable; below the minimum: at the flag. Both fixed by setting the minimum. */
export function auditLimit(l: Limit) {
  return (c: Component, ctx: RuleContext): void => {
    const f = flag(c, l.name);
    if (!f || f.value === undefined || f.value.trim() === '') {
      ctx.report({ loc: c.headLoc, message: `${c.who}: audit logging is incomplete: set --${l.name}=${l.min}.`, fixes: setFlagFix(c, ctx, l.name, String(l.min)) });
      return;
    }
    const n = Number(f.value.trim());
    if (!Number.isFinite(n) || n < l.min) ctx.report({ loc: f.loc, message: `${c.who}: --${l.name}=${f.value} is below ${l.min} ${l.what}; evidence may be gone before an incident is noticed. Set it to ${l.min} or more.`, fixes: setFlagFix(c, ctx, l.name, String(l.min)) });
  };
}
