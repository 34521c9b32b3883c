import { defineRule } from '../../rule';
import { who } from '../shared/objects';
import { podSpecOf, runsPod } from '../../k8s/model';
import { effectiveSc } from '../shared/pod';

/** The UID Istio's sidecar (istio-proxy) runs as; iptables capture skips its traffic. */
const PROXY_UID = 1337;

export default defineRule('object',
  {
    id: 'IST014', name: 'istio-app-runs-as-proxy-uid', title: 'Application container runs as the Istio proxy UID 1337', severity: 'warning', language: 'istio',
    peers: [],
    docs: {
      description: 'A container other than `istio-proxy` runs as UID 1337 (its own `securityContext.runAsUser`, else the pod\'s), the user the Istio sidecar runs as. Containers named `istio-proxy` or `istio-init` and pods with `hostNetwork: true` are not reported.',
      rationale: 'The sidecar\'s iptables rules exempt traffic of UID 1337, so that the proxy\'s own connections are not captured again. An application running as 1337 therefore bypasses the sidecar entirely: its outbound calls skip mTLS, egress policies and telemetry, and reach anything the network allows with no mesh identity checks.',
      remediation: 'Run the application as another non-root UID (for example 10001).',
      example: { bad: 'containers:\n- name: app\n  securityContext:\n    runAsUser: 1337\n', good: 'containers:\n- name: app\n  securityContext:\n    runAsUser: 10001\n' },
    },
  },
  (obj, ctx) => {
    const pod = podSpecOf(obj);
    if (!pod || pod.spec.get('hostNetwork').bool === true) return;
    for (const c of pod.containers) {
      if (c.name === 'istio-proxy' || c.name === 'istio-init' || c.name === 'istio-validation') continue;
      const e = effectiveSc(pod, c, 'runAsUser');
      if (!e || e.view.number !== PROXY_UID) continue;
      ctx.report({ loc: e.view.loc, message: `${who(obj)}: container '${c.name}' runs as UID ${PROXY_UID}${e.level === 'pod' ? ' (from the pod securityContext)' : ''}, the Istio proxy's user, whose traffic the sidecar does not capture: its connections bypass mTLS and mesh policies. Use another UID.` });
    }
  },
  { applies: runsPod },
);
