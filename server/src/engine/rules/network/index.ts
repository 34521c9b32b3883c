import type { Rule } from '../../rule';

export const networkRules: Rule[] = [];
