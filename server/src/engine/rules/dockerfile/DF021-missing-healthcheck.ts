import { defineRule } from '../../rule';
import { lineage } from '../../dockerfile/model';

export default defineRule('dockerfile', {
  id: 'DF021', name: 'missing-healthcheck', title: 'No HEALTHCHECK in the final image', severity: 'info',
  peers: ['hadolint:DL3057', 'checkov:CKV_DOCKER_2', 'trivy:DS-0026'],
  docs: {
    description: 'The final stage (and the stages it builds on) has no `HEALTHCHECK` instruction.',
    rationale: 'Without a health check, Docker and Swarm treat a hung process as healthy: the container keeps receiving traffic and is never restarted. (Kubernetes ignores HEALTHCHECK and uses probes; there this is informational.)',
    remediation: 'Add a check the image can run, e.g. `HEALTHCHECK --interval=30s --timeout=3s CMD ["/app", "healthcheck"]` or `CMD wget -qO- http://localhost:8080/health || exit 1`; use `HEALTHCHECK NONE` to state that none is wanted.',
    example: { bad: 'FROM nginx:1.27-alpine\n', good: 'FROM nginx:1.27-alpine\nHEALTHCHECK CMD wget -qO- http://localhost/ || exit 1\n' },
  },
}, (df, ctx) => {
  const s = df.stages[df.stages.length - 1];
  if (!s) return;
  if (lineage(s).some((st) => st.instructions.some((i) => i.keyword === 'HEALTHCHECK'))) return;
  ctx.report({ loc: [s.from.keywordLoc[0], s.from.args[0]?.loc[1] ?? s.from.keywordLoc[1]], message: 'The final image defines no HEALTHCHECK, so a hung process is still reported healthy. Add HEALTHCHECK CMD <check> (or HEALTHCHECK NONE to state that none is wanted).' });
});
