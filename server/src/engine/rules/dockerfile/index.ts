import type { Rule } from '../../rule';

export const dockerfileRules: Rule[] = [];
