import { ruleMeta } from '../../rule';
import { componentRule } from './flags';
import { defaultPlugin } from './admission';

export default componentRule(
  ruleMeta({
    id: 'CP035', name: 'apiserver-admission-namespace-lifecycle', title: 'The API server must keep the NamespaceLifecycle admission plugin',
    severity: 'warning',
    aliases: ['CP005', 'apiserver-admission-plugins'],
    peers: ['checkov:CKV_K8S_83', 'trivy:KCV-0015'],
    cis: ['1.2.13'],
    fix: 'unsafe',
    docs: {
      description: 'A kube-apiserver container turns off the default-on `NamespaceLifecycle` admission plugin: it is listed in `--disable-admission-plugins`, or a legacy `--admission-control` list (which replaces the defaults) omits it. Listing other plugins in `--enable-admission-plugins` does not turn it off.',
      rationale: 'NamespaceLifecycle refuses objects in namespaces that are being deleted or do not exist, and protects `default`, `kube-system` and `kube-public` from deletion. Without it, objects can outlive the namespace (and the policies) meant to contain them.',
      remediation: 'Remove `NamespaceLifecycle` from `--disable-admission-plugins`, or add it to the `--admission-control` list (the quick fix does either).',
      example: { bad: 'command:\n  - kube-apiserver\n  - --disable-admission-plugins=NamespaceLifecycle\n', good: 'command:\n  - kube-apiserver\n  - --enable-admission-plugins=NodeRestriction\n' },
    },
  }),
  ['kube-apiserver'],
  defaultPlugin('NamespaceLifecycle', 'objects could be created in terminating or non-existent namespaces'),
);
