import { ruleMeta } from '../../rule';
import { componentRule } from './flags';
import { wantedPlugin } from './admission';

export default componentRule(
  ruleMeta({
    id: 'CP032', name: 'apiserver-admission-always-pull-images', title: 'The API server should run the AlwaysPullImages admission plugin',
    severity: 'warning',
    aliases: ['CP005', 'apiserver-admission-plugins'],
    peers: ['checkov:CKV_K8S_80', 'trivy:KCV-0012'],
    cis: ['1.2.11'],
    fix: 'unsafe',
    docs: {
      description: 'The admission plugins of a kube-apiserver container (defaults, plus `--enable-admission-plugins`, minus `--disable-admission-plugins`; or exactly the legacy `--admission-control` list) do not include `AlwaysPullImages`.',
      rationale: 'A private image pulled once stays in the node\'s cache, and any pod on that node can then run it with `imagePullPolicy: IfNotPresent` without the pull secret. AlwaysPullImages sets every pod\'s pull policy to Always, so the registry checks the credentials of each pod on multi-tenant nodes.',
      remediation: 'Add `AlwaysPullImages` to `--enable-admission-plugins` (the quick fix does). Every pod start then contacts the registry: make sure it is reachable and fast enough.',
      example: { bad: 'command:\n  - kube-apiserver\n  - --enable-admission-plugins=NodeRestriction\n', good: 'command:\n  - kube-apiserver\n  - --enable-admission-plugins=NodeRestriction,AlwaysPullImages\n' },
    },
  }),
  ['kube-apiserver'],
  wantedPlugin('AlwaysPullImages', 'makes private images re-authenticated for every pod on multi-tenant nodes', true),
);
