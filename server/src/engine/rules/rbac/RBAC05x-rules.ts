/** The RBAC cross-resource rules (RBAC050-RBAC069). */
import type { Rule } from '../../rule';
import r50 from './RBAC050-binding-to-dangerous-role';

const rules: Rule[] = [r50];
export default rules;
