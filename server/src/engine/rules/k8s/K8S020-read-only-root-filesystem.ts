import { defineRule } from '../../rule';
import { who, containerScLoc, isWindowsPod } from '../shared/pod';
import * as fix from '../../fix';

export default defineRule('pod',
  {
    id: 'K8S020', name: 'read-only-root-filesystem', title: 'Containers should run with a read-only root filesystem',
    severity: 'warning', fix: 'unsafe',
    peers: ['polaris:notReadOnlyRootFilesystem', 'checkov:CKV_K8S_22', 'kube-linter:no-read-only-root-fs', 'trivy:KSV-0014', 'kubesec:ReadOnlyRootFilesystem'],
    cis: [],
    messages: {
      notTrue: '{{who}}: securityContext.readOnlyRootFilesystem is {{value}}; set it to true and mount writable emptyDir volumes only where the application writes.',
      notSet: '{{who}}: securityContext.readOnlyRootFilesystem is not set; set it to true and mount writable emptyDir volumes only where the application writes.',
    },
    docs: {
      description: 'Every container (including init and ephemeral containers) should set `securityContext.readOnlyRootFilesystem: true`. Windows pods are skipped: Kubernetes rejects the field there.',
      rationale: 'A writable root filesystem lets an attacker who gains code execution drop tools, modify binaries or configuration and persist inside the container. An immutable root filesystem forces writes into explicitly mounted volumes, which are easier to audit.',
      remediation: 'Set `securityContext.readOnlyRootFilesystem: true` on the container and mount an `emptyDir` volume at each path the application must write to (for example `/tmp`).',
      example: {
        bad: 'containers:\n  - name: app\n    image: registry.example.com/app:1.4.2\n',
        good: 'containers:\n  - name: app\n    image: registry.example.com/app:1.4.2\n    securityContext:\n      readOnlyRootFilesystem: true\n    volumeMounts:\n      - name: tmp\n        mountPath: /tmp\n',
      },
    },
  },
  (pod, ctx) => {
    if (isWindowsPod(pod)) return;
    for (const c of pod.containers) {
      const v = c.view.at('securityContext', 'readOnlyRootFilesystem');
      if (v.bool === true) continue;
      if (!v.isNull) {
        ctx.report({ loc: v.pairLoc, messageId: 'notTrue', data: { who: who(pod, c), value: v.str ?? 'not true' }, fixes: fix.unsafe('Set readOnlyRootFilesystem: true', fix.setScalar(ctx.text, v, true)) });
      } else {
        ctx.report({ loc: containerScLoc(c), messageId: 'notSet', data: { who: who(pod, c) }, fixes: fix.unsafe('Set readOnlyRootFilesystem: true', fix.setPath(ctx.text, c.view, ['securityContext', 'readOnlyRootFilesystem'], true)) });
      }
    }
  },
);
