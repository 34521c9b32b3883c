import { defineRule } from '../../rule';
import { falcoItems, FalcoItem } from './falco';
import type { RuleMeta } from '../../types';
import type { RuleContext } from '../../rule';

export function falcoRule(m: RuleMeta, check: (items: FalcoItem[], ctx: RuleContext) => void) {
  return defineRule('yaml-doc', m, (doc, ctx) => {
    const items = falcoItems(doc);
    if (items) check(items, ctx);
  });
}

export function label(i: FalcoItem): string {
  return `Falco ${i.kind} '${i.name || '(unnamed)'}'`;
}
