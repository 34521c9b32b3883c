import type { Rule } from '../../rule';
import FAL001 from './FAL001-falco-missing-required-keys';
import FAL002 from './FAL002-falco-invalid-priority';
import FAL003 from './FAL003-falco-undefined-reference';
import FAL004 from './FAL004-falco-duplicate-rule';
import FAL005 from './FAL005-falco-default-rule-disabled';
import GK001 from './GK001-gatekeeper-constraint-without-match';
import GK002 from './GK002-gatekeeper-enforcement-not-deny';
import GK003 from './GK003-gatekeeper-allowed-repos-too-broad';
import GK004 from './GK004-gatekeeper-constraint-without-template';

export const policyRules: Rule[] = [
  FAL001, FAL002, FAL003, FAL004, FAL005, GK001, GK002, GK003, GK004,
];
