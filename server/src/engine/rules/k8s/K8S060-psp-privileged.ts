import { pspBoolRule } from './psp';

export default pspBoolRule('K8S060', 'psp-privileged', 'privileged', 'privileged containers', ['checkov:CKV_K8S_2'], ['5.2.1'],
  'A privileged container has every capability and all host devices: it can load kernel modules and mount the host filesystem. A policy admitting them lets anyone allowed to use it take over nodes.');
