import type { Rule } from '../../rule';

export const ghaRules: Rule[] = [];
