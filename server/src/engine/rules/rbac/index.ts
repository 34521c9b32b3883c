import type { Rule } from '../../rule';

export const rbacRules: Rule[] = [];
