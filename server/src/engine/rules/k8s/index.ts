import type { Rule } from '../../rule';

export const k8sRules: Rule[] = [];
