import { defineRule } from '../../rule';
import { spireConfigs, SpireSetting, SpireConfig } from './spire-config';
import type { FixDef, RuleMeta } from '../../types';
import type { RuleContext } from '../../rule';

/** Reports a finding on a setting (on its value with `onValue`), with the fixes the rule offers. */
export type SpireReport = (s: SpireSetting, message: string, onValue?: boolean, fixes?: FixDef[]) => void;

/** A rule over SPIRE server/agent configuration (ConfigMap HCL/JSON or YAML). */
export function spireRule(m: RuleMeta, check: (cfg: SpireConfig, report: SpireReport, ctx: RuleContext) => void) {
  return defineRule('yaml-doc', m, (doc, ctx) => {
    for (const cfg of spireConfigs(doc, ctx.text)) {
      check(cfg, (s, message, onValue, fixes) => ctx.report({
        loc: onValue && s.valueLoc ? s.valueLoc : s.loc,
        message: `${cfg.where}: ${message}`,
        resource: cfg.obj ? { ...cfg.obj.ref } : null,
        ...(fixes?.length ? { fixes } : {}),
      }), ctx);
    }
  });
}
