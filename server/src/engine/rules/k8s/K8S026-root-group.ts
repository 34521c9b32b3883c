import { defineRule } from '../../rule';
import { who, effectiveSc } from '../shared/pod';
import { idChecksApply } from './ids';

export default defineRule('pod',
  {
    id: 'K8S026', name: 'root-group', title: 'Containers must not run with the root group (GID 0)',
    severity: 'warning',
    peers: ['trivy:KSV-0116'],
    cis: [],
    docs: {
      description: 'The effective `runAsGroup` of a container, the pod\'s `fsGroup`, or an entry of the pod\'s `supplementalGroups` is 0 (root). Pods with `hostUsers: false` and Windows pods are skipped.',
      rationale: 'Files owned by group root with group permissions (common in images and on the node, and made easy by OpenShift-style images) become writable by the container. Group 0 on shared volumes or hostPath mounts gives access to data meant for root.',
      remediation: 'Use a dedicated non-zero group: set `runAsGroup` and `fsGroup` to an ID of at least 10000 and remove 0 from `supplementalGroups`.',
      example: {
        bad: 'securityContext:\n  runAsUser: 10001\n  runAsGroup: 0\n  supplementalGroups: [0]\n',
        good: 'securityContext:\n  runAsUser: 10001\n  runAsGroup: 10001\n  fsGroup: 10001\n',
      },
    },
  },
  (pod, ctx) => {
    if (!idChecksApply(pod)) return;
    const reported = new Set<string>();
    for (const c of pod.containers) {
      const e = effectiveSc(pod, c, 'runAsGroup');
      if (!e || e.view.number !== 0) continue;
      const key = `${e.view.loc[0]}`;
      if (e.level === 'pod') {
        if (reported.has(key)) continue;
        reported.add(key);
        ctx.report({ loc: e.view.pairLoc, message: `${who(pod)}: pod securityContext.runAsGroup is 0 (root group), inherited by containers that do not set their own; use a dedicated non-zero group ID.` });
      } else {
        ctx.report({ loc: e.view.pairLoc, message: `${who(pod, c)}: securityContext.runAsGroup is 0 (root group); use a dedicated non-zero group ID.` });
      }
    }
    const fs = pod.spec.at('securityContext', 'fsGroup');
    if (fs.number === 0) ctx.report({ loc: fs.pairLoc, message: `${who(pod)}: pod securityContext.fsGroup is 0 (root group), so volumes are owned by root's group; use a dedicated non-zero group ID.` });
    for (const g of pod.spec.at('securityContext', 'supplementalGroups').items()) {
      if (g.number === 0) ctx.report({ loc: g.loc, message: `${who(pod)}: pod securityContext.supplementalGroups contains 0 (root group); remove it.` });
    }
  },
);
