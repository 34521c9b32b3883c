import { ruleMeta } from '../../rule';
import { componentRule } from './flags';
import { wantedPlugin } from './admission';

export default componentRule(
  ruleMeta({
    id: 'CP030', name: 'apiserver-admission-node-restriction', title: 'The API server must run the NodeRestriction admission plugin',
    severity: 'warning',
    aliases: ['CP005', 'apiserver-admission-plugins'],
    peers: ['checkov:CKV_K8S_85', 'trivy:KCV-0016'],
    cis: ['1.2.14'],
    fix: 'unsafe',
    docs: {
      description: 'The admission plugins of a kube-apiserver container (defaults, plus `--enable-admission-plugins`, minus `--disable-admission-plugins`; or exactly the legacy `--admission-control` list) do not include `NodeRestriction`.',
      rationale: 'The Node authorizer lets a kubelet read what its pods need; NodeRestriction limits what it may write to its own Node object and its own pods. Without it, a compromised kubelet can modify other nodes and pods, or label its node to attract workloads (and their Secrets).',
      remediation: 'Add `NodeRestriction` to `--enable-admission-plugins` (with `--authorization-mode` including `Node`). The quick fix adds it to the list in force.',
      example: { bad: 'command:\n  - kube-apiserver\n  - --enable-admission-plugins=AlwaysPullImages\n', good: 'command:\n  - kube-apiserver\n  - --enable-admission-plugins=AlwaysPullImages,NodeRestriction\n' },
    },
  }),
  ['kube-apiserver'],
  wantedPlugin('NodeRestriction', 'limits kubelets to their own Node and pods', true),
);
