import { defineRule } from '../../rule';
import { who } from '../shared/pod';
import { tillerContainers } from './tiller';

const LOCAL_LISTEN = /^--listen=(localhost|127\.0\.0\.1|\[::1\]):\d+$/;

export default defineRule('pod',
  {
    id: 'K8S052', name: 'tiller-listener', title: 'Tiller must listen only on localhost',
    severity: 'error',
    peers: ['checkov:CKV_K8S_45'],
    cis: [],
    docs: {
      description: 'A Tiller (Helm v2) container does not restrict its gRPC listener to localhost with `--listen=localhost:<port>` (or `127.0.0.1` / `[::1]`) in its `command` or `args`.',
      rationale: 'By default Tiller listens on all interfaces without authentication, so any pod in the cluster can talk to it and install charts with its privileges. Restricting the listener to localhost limits access to `helm` clients tunnelling through the API server (port-forward), which RBAC controls.',
      remediation: 'Remove Tiller (see K8S051). Until then, add `--listen=localhost:44134` to the container args.',
      example: { bad: 'args: ["--listen=0.0.0.0:44134"]\n', good: 'args: ["--listen=localhost:44134"]\n' },
    },
  },
  (pod, ctx) => {
    for (const c of tillerContainers(pod)) {
      const argv = [...c.view.get('command').items(), ...c.view.get('args').items()];
      if (argv.some((a) => LOCAL_LISTEN.test(a.str ?? ''))) continue;
      const listen = argv.find((a) => /^--listen(=|$)/.test(a.str ?? ''));
      ctx.report({ loc: listen ? listen.loc : c.headLoc, message: `${who(pod, c)}: Tiller ${listen ? `listens on ${listen.str}` : 'listens on all interfaces (no --listen flag)'}, so any pod can reach its unauthenticated API; set --listen=localhost:44134 (and plan to remove Tiller).` });
    }
  },
);
