import { pspBoolRule } from './psp';

export default pspBoolRule('K8S063', 'psp-host-network', 'hostNetwork', 'the host network namespace', ['checkov:CKV_K8S_4'], ['5.2.4'],
  'A pod on the host network can sniff node traffic, reach services bound to localhost on the node (kubelet, metadata proxies) and bypass NetworkPolicies.');
