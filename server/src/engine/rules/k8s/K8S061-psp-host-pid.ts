import { pspBoolRule } from './psp';

export default pspBoolRule('K8S061', 'psp-host-pid', 'hostPID', 'the host PID namespace', ['checkov:CKV_K8S_1'], ['5.2.2'],
  'A pod in the host PID namespace sees every process of the node, can signal them and read their environment and files through /proc: secrets of other pods and of the kubelet leak.');
