import type { Rule } from '../../rule';
import FAL001 from './FAL001-missing-keys';
import FAL002 from './FAL002-invalid-priority';
import FAL003 from './FAL003-undefined-reference';
import FAL004 from './FAL004-duplicate-rule';
import FAL005 from './FAL005-default-rule-disabled';
import GK001 from './GK001-constraint-without-match';
import GK002 from './GK002-enforcement-not-deny';
import GK003 from './GK003-allowed-repos-too-broad';
import GK004 from './GK004-constraint-without-template';

export const policyRules: Rule[] = [
  FAL001, FAL002, FAL003, FAL004, FAL005, GK001, GK002, GK003, GK004,
];
