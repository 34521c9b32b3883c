import { defineRule } from '../../rule';
import { runCommands } from './util';
import { view, basename } from '../../dockerfile/shell';

export default defineRule('dockerfile', {
  id: 'DF013', name: 'sudo-in-run', title: 'sudo used in RUN', severity: 'warning',
  peers: ['hadolint:DL3004', 'checkov:CKV2_DOCKER_1', 'trivy:DS-0010'],
  docs: {
    description: 'A `RUN` command uses `sudo`.',
    rationale: '`sudo` has unpredictable TTY and signal behaviour in a build, and its presence means the image ships sudo and a sudoers configuration, a ready-made privilege escalation path for anyone who gets a shell in the container.',
    remediation: 'Run the steps that need root before switching user (`USER root` ... `USER app`), and do not install sudo. If you need to step down at run time, use `gosu` or `su-exec`.',
    example: { bad: 'USER app\nRUN sudo apt-get install -y curl\n', good: 'USER root\nRUN apt-get install -y --no-install-recommends curl\nUSER app\n' },
  },
}, (df, ctx) => {
  for (const { cmd } of runCommands(df)) {
    const v = view(cmd);
    if (v.name && basename(v.name.value) === 'sudo') ctx.report({ loc: v.name.loc, message: 'RUN uses sudo. Run the step as root before switching USER instead, and do not ship sudo in the image.' });
  }
});
