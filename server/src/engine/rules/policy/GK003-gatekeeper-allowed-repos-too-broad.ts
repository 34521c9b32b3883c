import { defineRule } from '../../rule';
import { inGroup, who } from '../shared/objects';

const PUBLIC = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io', 'registry.hub.docker.com', 'gcr.io', 'k8s.gcr.io', 'registry.k8s.io', 'quay.io', 'ghcr.io', 'public.ecr.aws', 'mcr.microsoft.com', 'registry.gitlab.com', 'nvcr.io', 'us.gcr.io', 'eu.gcr.io', 'asia.gcr.io']);

export default defineRule('object',
  {
    id: 'GK003', name: 'gatekeeper-allowed-repos-too-broad', title: 'Allowed-registry constraint admits a whole public registry or an open prefix', severity: 'warning', language: 'gatekeeper',
    docs: {
      description: 'A `K8sAllowedRepos` constraint lists a whole public registry (`docker.io`, `gcr.io`, `quay.io`, ...) or an entry without a trailing `/`; or a `K8sAllowedReposv2` constraint allows every image of a public registry.',
      rationale: 'K8sAllowedRepos matches by string prefix. `docker.io/` admits every image anyone has published; `myregistry.io` (no slash) also admits `myregistry.io.attacker.com/...`, and `myorg` admits `myorg-evil/...`.',
      remediation: 'List your own registries and organisations with a trailing slash, e.g. `registry.example.com/` or `ghcr.io/myorg/`.',
      example: { bad: 'parameters:\n  repos:\n  - "docker.io"\n  - "registry.example.com"\n', good: 'parameters:\n  repos:\n  - "registry.example.com/"\n  - "ghcr.io/myorg/"\n' },
    },
  },
  (obj, ctx) => {
    if (!inGroup(obj, 'constraints.gatekeeper.sh')) return;
    const params = obj.view.at('spec', 'parameters');
    if (obj.kind === 'K8sAllowedRepos') {
      for (const r of params.get('repos').items()) {
        const s = r.str;
        if (s === undefined) continue;
        const host = s.replace(/\/+$/, '');
        if (PUBLIC.has(host.toLowerCase())) ctx.report({ loc: r.loc, message: `${who(obj)}: '${s}' allows every image of the public registry ${host}; list your organisation's path instead (e.g. '${host}/myorg/').` });
        else if (!s.endsWith('/')) ctx.report({ loc: r.loc, message: `${who(obj)}: '${s}' is matched as a string prefix, so it also allows '${s}-evil/...' or '${s}.attacker.com/...'; end it with '/'.` });
      }
    } else if (obj.kind === 'K8sAllowedReposv2') {
      for (const r of params.get('allowedImages').items()) {
        const s = r.str;
        if (s === undefined) continue;
        const m = /^([^/]+)\/\*$/.exec(s);
        if (s === '*' || (m && PUBLIC.has(m[1].toLowerCase()))) ctx.report({ loc: r.loc, message: `${who(obj)}: '${s}' allows every image of ${m ? 'the public registry ' + m[1] : 'any registry'}; list your organisation's images instead.` });
      }
    }
  },
  { applies: (obj) => inGroup(obj, 'constraints.gatekeeper.sh') },
);
