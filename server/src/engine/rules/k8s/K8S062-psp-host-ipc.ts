import { pspBoolRule } from './psp';

export default pspBoolRule('K8S062', 'psp-host-ipc', 'hostIPC', 'the host IPC namespace', ['checkov:CKV_K8S_3'], ['5.2.3'],
  'A pod in the host IPC namespace can read and write the shared memory and message queues of every process on the node.');
