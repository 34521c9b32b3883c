import { defineRule } from '../../rule';
import { runsPod } from '../../k8s/model';
import { who } from '../shared/objects';
import { PREFIX, workloadVaultAnnotations, vaultAnnotations } from './vault';

export default defineRule('object',
  {
    id: 'VLT007', name: 'vault-annotations-on-workload', title: 'Vault annotations on the workload instead of its pod template', severity: 'error', language: 'vault',
    docs: {
      description: 'A Deployment, StatefulSet, DaemonSet, Job, CronJob or ReplicaSet carries `vault.hashicorp.com/` annotations on its own `metadata.annotations` that its pod template does not have.',
      rationale: 'The Vault Agent Injector is a mutating webhook on Pods: it reads only the annotations of the pod being created, which come from the pod template. Annotations on the workload object are never seen, so no agent is injected and no secret is rendered, and the application starts without them (or falls back to whatever credentials it can find).',
      remediation: 'Move the annotations to `spec.template.metadata.annotations` (for a CronJob, `spec.jobTemplate.spec.template.metadata.annotations`).',
      example: {
        bad: 'kind: Deployment\nmetadata:\n  name: web\n  annotations:\n    vault.hashicorp.com/agent-inject: "true"\n    vault.hashicorp.com/role: "web"\nspec:\n  template:\n    metadata:\n      labels: {app: web}\n',
        good: 'kind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    metadata:\n      labels: {app: web}\n      annotations:\n        vault.hashicorp.com/agent-inject: "true"\n        vault.hashicorp.com/role: "web"\n',
      },
    },
  },
  (obj, ctx) => {
    const own = workloadVaultAnnotations(obj);
    if (!own) return;
    const inPod = new Set((vaultAnnotations(obj)?.entries ?? []).map(([k]) => k));
    const missing = own.filter(([k]) => !inPod.has(k));
    if (!missing.length) return;
    const first = missing.find(([k]) => k === 'agent-inject') ?? missing[0];
    const names = missing.map(([k]) => PREFIX + k);
    ctx.report({ loc: first[1].keyLoc ?? first[1].loc, message: `${who(obj)}: ${names.length === 1 ? names[0] + ' is' : `${names.length} Vault annotations (${names.slice(0, 3).join(', ')}${names.length > 3 ? ', ...' : ''}) are`} on the ${obj.kind}'s own metadata, but the injector reads only the pod template's annotations, so ${missing.some(([k]) => k === 'agent-inject') ? 'no Vault agent is injected' : 'they have no effect'}; move them to the pod template's metadata.annotations.` });
  },
  { applies: runsPod },
);
