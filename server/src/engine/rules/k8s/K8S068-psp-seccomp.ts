import { pspRule } from './psp';

const ANNOTATION = 'seccomp.security.alpha.kubernetes.io/defaultProfileName';

export default pspRule({
  id: 'K8S068', name: 'psp-seccomp', title: 'PodSecurityPolicy should default to the runtime seccomp profile',
  peers: ['checkov:CKV_K8S_32'], cis: ['5.7.2'],
  docs: {
    description: `A PodSecurityPolicy does not set the \`${ANNOTATION}\` annotation to \`runtime/default\` (or the older \`docker/default\`).`,
    rationale: 'Without a default profile, admitted pods run unconfined by seccomp: every system call, including those used by most kernel exploits, is available.',
    remediation: `Annotate the policy with \`${ANNOTATION}: runtime/default\` and restrict \`allowedProfileNames\` to \`runtime/default\`.`,
    example: { bad: 'kind: PodSecurityPolicy\nmetadata:\n  name: restricted\n', good: `kind: PodSecurityPolicy\nmetadata:\n  name: restricted\n  annotations:\n    ${ANNOTATION}: runtime/default\n` },
  },
}, (p) => {
  const v = p.obj.view.at('metadata', 'annotations').get(ANNOTATION);
  const s = v.str?.trim();
  if (s === 'runtime/default' || s === 'docker/default') return;
  if (!v.isNull) p.ctx.report({ loc: v.pairLoc, message: `${p.who}: default seccomp profile is ${s}; set ${ANNOTATION}: runtime/default.` });
  else p.ctx.report({ loc: p.obj.headLoc, message: `${p.who}: no default seccomp profile; add the annotation ${ANNOTATION}: runtime/default.` });
});
