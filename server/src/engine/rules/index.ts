/** The registry: the single source of rules for the engine, the docs and the tests. */
import type { Rule } from '../rule';
import type { RuleMeta } from '../types';
import { pssRules } from './pss';
import { yamlRules } from './yaml';
import { k8sRules } from './k8s';
import { rbacRules } from './rbac';
import { networkRules } from './network';
import { controlplaneRules } from './controlplane';
import { dockerfileRules } from './dockerfile';
import { meshRules } from './mesh';
import { policyRules } from './policy';
import { ghaRules } from './gha';

export const allRules: Rule[] = [
  ...pssRules, ...yamlRules, ...k8sRules, ...rbacRules, ...networkRules, ...controlplaneRules,
  ...dockerfileRules, ...meshRules, ...policyRules, ...ghaRules,
];

const byId = new Map<string, Rule>();
for (const r of allRules) {
  if (byId.has(r.meta.id)) throw new Error(`duplicate rule id ${r.meta.id}`);
  byId.set(r.meta.id, r);
}

export function getRule(idOrName: string): Rule | undefined {
  return byId.get(idOrName) ?? allRules.find((r) => r.meta.name === idOrName);
}

export function ruleMetas(): RuleMeta[] { return allRules.map((r) => r.meta); }

/** Former ids and names (RuleMeta.aliases) -> the rules split from them. */
const byAlias = new Map<string, Rule[]>();
for (const r of allRules) for (const a of r.meta.aliases ?? []) byAlias.set(a, [...(byAlias.get(a) ?? []), r]);

/** The rules a former id or name names (empty when it is nobody's alias). */
export function rulesWithAlias(alias: string): Rule[] { return byAlias.get(alias) ?? []; }

/** Whether configuration or a suppression may name `key`: a rule id or name, or a former id of split rules. */
export function isRuleKey(key: string): boolean { return !!getRule(key) || byAlias.has(key); }
