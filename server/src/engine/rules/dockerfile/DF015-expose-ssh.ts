import { defineRule } from '../../rule';
import { expand } from '../../dockerfile/model';

export default defineRule('dockerfile', {
  id: 'DF015', name: 'expose-ssh', title: 'SSH port 22 exposed', severity: 'warning',
  peers: ['checkov:CKV_DOCKER_1', 'trivy:DS-0004'],
  docs: {
    description: '`EXPOSE` lists port 22 (SSH), alone, with a protocol (`22/tcp`) or in a range.',
    rationale: 'An SSH server in a container is a second, long-lived way in, with its own keys or passwords to leak and patch. Containers are inspected with `docker exec`/`kubectl exec`, not SSH.',
    remediation: 'Remove port 22 and the SSH server. Use `docker exec` or `kubectl exec` (or an ephemeral debug container) to get a shell.',
    example: { bad: 'EXPOSE 22 8080\n', good: 'EXPOSE 8080\n' },
  },
}, (df, ctx) => {
  for (const ins of df.instructions) {
    if (ins.keyword !== 'EXPOSE') continue;
    for (const a of ins.args) {
      const v = expand(a.value, ins.vars) ?? a.value;
      const m = /^(\d+)(?:-(\d+))?(?:\/(tcp|udp|sctp))?$/i.exec(v);
      if (!m) continue;
      const lo = Number(m[1]), hi = m[2] ? Number(m[2]) : lo;
      if (lo <= 22 && 22 <= hi && (m[3] ?? 'tcp').toLowerCase() === 'tcp') ctx.report({ loc: a.loc, message: `EXPOSE ${a.value} exposes the SSH port 22. Remove it (and the SSH server); use docker exec or kubectl exec for a shell.` });
    }
  }
});
