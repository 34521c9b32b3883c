import { ruleMeta } from '../../rule';
import { componentRule } from './flags';
import { defaultPlugin } from './admission';

export default componentRule(
  ruleMeta({
    id: 'CP034', name: 'apiserver-admission-service-account', title: 'The API server must keep the ServiceAccount admission plugin',
    severity: 'warning',
    aliases: ['CP005', 'apiserver-admission-plugins'],
    peers: ['checkov:CKV_K8S_82', 'trivy:KCV-0014'],
    cis: ['1.2.12'],
    fix: 'unsafe',
    docs: {
      description: 'A kube-apiserver container turns off the default-on `ServiceAccount` admission plugin: it is listed in `--disable-admission-plugins`, or a legacy `--admission-control` list (which replaces the defaults) omits it. Listing other plugins in `--enable-admission-plugins` does not turn it off.',
      rationale: 'The ServiceAccount plugin gives every pod a service account and its token through the TokenRequest API, and refuses pods naming a service account that does not exist. Without it, pods run without service account token management.',
      remediation: 'Remove `ServiceAccount` from `--disable-admission-plugins`, or add it to the `--admission-control` list (the quick fix does either).',
      example: { bad: 'command:\n  - kube-apiserver\n  - --disable-admission-plugins=ServiceAccount\n', good: 'command:\n  - kube-apiserver\n  - --enable-admission-plugins=NodeRestriction\n' },
    },
  }),
  ['kube-apiserver'],
  defaultPlugin('ServiceAccount', 'pods would run without service account token management'),
);
