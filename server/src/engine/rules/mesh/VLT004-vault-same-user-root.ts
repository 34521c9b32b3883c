import { defineRule } from '../../rule';
import { runsPod } from '../../k8s/model';
import { who } from '../shared/objects';
import { vaultAnnotations, annTrue, PREFIX } from './vault';

export default defineRule('object',
  {
    id: 'VLT004', name: 'vault-same-user-root', title: 'Vault agent-run-as-same-user with a root or unset application user', severity: 'error', language: 'vault',
    docs: {
      description: 'A pod template sets `vault.hashicorp.com/agent-run-as-same-user: "true"` while the first application container has no `securityContext.runAsUser` or runs as UID 0.',
      rationale: 'The injector rejects such pods ("container not allowed to run as root"), because the agent would run as root next to the application.',
      remediation: 'Set `securityContext.runAsUser` to a non-zero UID on the first container, or drop the annotation.',
      example: {
        bad: 'annotations:\n  vault.hashicorp.com/agent-run-as-same-user: "true"\n...\ncontainers:\n- name: app\n  securityContext:\n    runAsUser: 0\n',
        good: 'annotations:\n  vault.hashicorp.com/agent-run-as-same-user: "true"\n...\ncontainers:\n- name: app\n  securityContext:\n    runAsUser: 10001\n',
      },
    },
  },
  (obj, ctx) => {
    const va = vaultAnnotations(obj);
    if (!va) return;
    const same = va.entries.find(([k]) => k === 'agent-run-as-same-user')?.[1];
    if (!same || !annTrue(same)) return;
    const first = va.pod.containers.find((c) => c.kind === 'containers');
    if (!first) return;
    const uid = first.view.at('securityContext', 'runAsUser');
    if (uid.number === undefined) ctx.report({ loc: same.pairLoc, message: `${who(obj)}: ${PREFIX}agent-run-as-same-user needs container '${first.name}' to set securityContext.runAsUser; without it the injector rejects the pod. Set a non-zero runAsUser on the container.` });
    else if (uid.number === 0) ctx.report({ loc: same.pairLoc, message: `${who(obj)}: ${PREFIX}agent-run-as-same-user with container '${first.name}' running as UID 0 would run the Vault agent as root; the injector rejects the pod. Set a non-zero runAsUser.` });
  },
  { applies: runsPod },
);
