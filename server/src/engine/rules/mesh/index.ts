import type { Rule } from '../../rule';

export const meshRules: Rule[] = [];
