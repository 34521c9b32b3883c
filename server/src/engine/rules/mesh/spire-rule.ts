import { defineRule } from '../../rule';
import { spireConfigs, SpireSetting, SpireConfig } from './spire-config';
import type { RuleMeta } from '../../types';
import type { RuleContext } from '../../rule';

/** A rule over SPIRE server/agent configuration (ConfigMap HCL/JSON or YAML). */
export function spireRule(m: RuleMeta, check: (cfg: SpireConfig, report: (s: SpireSetting, message: string, onValue?: boolean) => void, ctx: RuleContext) => void) {
  return defineRule('yaml-doc', m, (doc, ctx) => {
    for (const cfg of spireConfigs(doc, ctx.text)) {
      check(cfg, (s, message, onValue) => ctx.report({
        loc: onValue && s.valueLoc ? s.valueLoc : s.loc,
        message: `${cfg.where}: ${message}`,
        resource: cfg.obj ? { ...cfg.obj.ref } : null,
      }), ctx);
    }
  });
}
