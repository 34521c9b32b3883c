import type { Rule } from '../../rule';
import dup from './YAML001-duplicate-key';

export const yamlRules: Rule[] = [dup];
