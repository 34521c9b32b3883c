import type { Rule } from '../../rule';

export const controlplaneRules: Rule[] = [];
