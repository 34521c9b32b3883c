import { defineRule } from '../../rule';
import { runsPod } from '../../k8s/model';
import { who } from '../shared/objects';
import { lineRef } from '../../text';
import { vaultAnnotations, annTrue, PREFIX, workloadVaultAnnotations } from './vault';

export default defineRule('object',
  {
    id: 'VLT001', name: 'vault-inject-without-role', title: 'Vault agent injection without a role', severity: 'error', language: 'vault',
    docs: {
      description: 'A pod template sets `vault.hashicorp.com/agent-inject: "true"` with Kubernetes auth (the default) but neither `vault.hashicorp.com/role` nor `auth-config-role` nor `agent-configmap`. When the role is on the workload\'s own metadata instead of the pod template, the message says so.',
      rationale: 'The injector rejects the pod ("no Vault role found"), so the workload never starts, or teams work around it with static credentials.',
      remediation: 'Add `vault.hashicorp.com/role: <vault-role>` naming a Vault Kubernetes-auth role bound to the pod\'s service account and namespace.',
      example: {
        bad: 'annotations:\n  vault.hashicorp.com/agent-inject: "true"\n',
        good: 'annotations:\n  vault.hashicorp.com/agent-inject: "true"\n  vault.hashicorp.com/role: "shop"\n',
      },
    },
  },
  (obj, ctx) => {
    const va = vaultAnnotations(obj);
    if (!va) return;
    const m = new Map(va.entries);
    const inject = m.get('agent-inject');
    if (!inject || !annTrue(inject)) return;
    const auth = m.get('auth-type')?.str ?? 'kubernetes';
    if (auth !== 'kubernetes') return;
    if (m.get('role')?.str || m.get('auth-config-role')?.str || m.get('agent-configmap')?.str) return;
    const misplaced = workloadVaultAnnotations(obj)?.find(([k]) => k === 'role' || k === 'auth-config-role' || k === 'agent-configmap');
    if (misplaced) {
      ctx.report({ loc: inject.pairLoc, message: `${who(obj)}: ${PREFIX}agent-inject is "true" but ${PREFIX}${misplaced[0]} is on the ${obj.kind}'s own metadata (line ${lineRef(misplaced[1].loc[0])}), which the injector never reads, so it rejects the pod; move it to spec.template.metadata.annotations.` });
      return;
    }
    ctx.report({ loc: inject.pairLoc, message: `${who(obj)}: ${PREFIX}agent-inject is "true" but no ${PREFIX}role is set, so the injector rejects the pod; add ${PREFIX}role naming the Vault Kubernetes-auth role for this service account.` });
  },
  { applies: runsPod },
);
