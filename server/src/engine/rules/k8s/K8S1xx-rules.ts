/** The K8S1xx rules: suppression and configuration meta-rules, and the Kubernetes cross-resource rules. */
import type { Rule } from '../../rule';
import k100 from './K8S100-suppression-without-reason';
import k101 from './K8S101-invalid-configuration';
import k102 from './K8S102-unknown-rule-in-suppression';
import k103 from './K8S103-service-account-not-found';
import k104 from './K8S104-kustomize-patch-not-analysed';
import k105 from './K8S105-image-not-from-allowed-repos';

const rules: Rule[] = [k100, k101, k102, k103, k104, k105];
export default rules;
