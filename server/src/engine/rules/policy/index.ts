import type { Rule } from '../../rule';

export const policyRules: Rule[] = [];
