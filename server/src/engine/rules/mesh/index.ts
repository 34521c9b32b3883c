import type { Rule } from '../../rule';
import IST001 from './IST001-peer-authentication-not-strict';
import IST002 from './IST002-authz-allow-all';
import IST003 from './IST003-authz-allow-negative-match';
import IST004 from './IST004-authz-wildcard-source';
import IST005 from './IST005-authz-path-normalization';
import IST006 from './IST006-jwt-insecure-url';
import IST007 from './IST007-destination-rule-tls-disabled';
import IST008 from './IST008-destination-rule-no-verification';
import IST009 from './IST009-gateway-tls-min-version';
import IST010 from './IST010-gateway-passthrough';
import IST011 from './IST011-jwt-not-required';
import IST012 from './IST012-injection-disabled-strict';
import IST013 from './IST013-namespace-without-strict';
import SEC001 from './SEC001-secret-provider-class-unused';
import SEC002 from './SEC002-secret-literal-data';
import SPF001 from './SPF001-clusterspiffeid-broad-selector';
import SPF002 from './SPF002-clusterspiffeid-privileged';
import SPF003 from './SPF003-clusterspiffeid-template';
import SPF004 from './SPF004-spire-skip-kubelet-verification';
import SPF005 from './SPF005-spire-insecure-bootstrap';
import SPF006 from './SPF006-spire-debug-logging';
import SPF007 from './SPF007-spire-datastore-tls';
import SPF008 from './SPF008-spire-join-token';
import VLT001 from './VLT001-inject-without-role';
import VLT002 from './VLT002-tls-skip-verify';
import VLT003 from './VLT003-inject-token';
import VLT004 from './VLT004-same-user-root';
import VLT005 from './VLT005-template-without-secret';
import VLT006 from './VLT006-unknown-annotation';
import VLT007 from './VLT007-annotations-on-workload';
import VLT008 from './VLT008-agent-runs-as-root';
import VLT009 from './VLT009-agent-security-context-disabled';
import VLT010 from './VLT010-plaintext-vault-address';
import VLT011 from './VLT011-world-writable-secret-file';

export const meshRules: Rule[] = [
  IST001, IST002, IST003, IST004, IST005, IST006, IST007, IST008, IST009, IST010, IST011, IST012, IST013, SEC001, SEC002, SPF001, SPF002, SPF003, SPF004, SPF005, SPF006, SPF007, SPF008, VLT001, VLT002, VLT003, VLT004, VLT005, VLT006, VLT007, VLT008, VLT009, VLT010, VLT011,
];
