import { defineRule } from '../../rule';

export default defineRule('dockerfile', {
  id: 'DF016', name: 'insecure-run-flags', title: 'RUN with --security=insecure or --network=host', severity: 'warning',
  peers: [],
  docs: {
    description: 'A `RUN` uses `--security=insecure` (a privileged build step) or `--network=host` (the build host\'s network namespace).',
    rationale: '`--security=insecure` runs the step with all capabilities and without seccomp/AppArmor, like `docker run --privileged`: it can reach host devices and escape to the build machine. `--network=host` lets the step reach services bound to the build host\'s localhost and its network position (cloud metadata endpoints, internal services).',
    remediation: 'Remove the flag. Fetch what the step needs over the default network, use `--mount=type=secret` or `--mount=type=ssh` for credentials, and move privileged work out of the image build.',
    example: { bad: 'RUN --security=insecure mount -t tmpfs none /mnt\n', good: 'RUN --mount=type=tmpfs,target=/mnt make\n' },
  },
}, (df, ctx) => {
  for (const ins of df.instructions) {
    if (ins.keyword !== 'RUN') continue;
    for (const f of ins.flags) {
      const v = (f.value ?? '').toLowerCase();
      if (f.name === 'security' && v === 'insecure') ctx.report({ loc: f.loc, message: 'RUN --security=insecure runs this step privileged, with access to the build host. Remove it and do privileged work outside the image build.' });
      if (f.name === 'network' && v === 'host') ctx.report({ loc: f.loc, message: "RUN --network=host gives this step the build host's network (its localhost services and metadata endpoints). Remove it and use the default network." });
    }
  }
});
