import { defineRule } from '../../rule';
import { runCommands, cmdName } from './util';

export default defineRule('dockerfile', {
  id: 'DF025', name: 'build-time-password', title: 'Password set during the build', severity: 'warning',
  peers: ['checkov:CKV2_DOCKER_17'],
  docs: {
    description: 'A `RUN` sets an account password with `chpasswd`, or `useradd`/`usermod` `-p`/`--password`.',
    rationale: 'The password (or its hash) is written into the image layers and usually into the image history as well, so it is the same for every container and readable by anyone with the image; a known root or user password also enables `su` after a compromise.',
    remediation: 'Do not give accounts in an image a password: create users without one (`useradd -r`, `adduser -D`) and lock root. Authenticate services at run time with secrets.',
    example: { bad: "RUN echo 'root:changeme' | chpasswd\n", good: 'RUN useradd -r -s /usr/sbin/nologin app\n' },
  },
}, (df, ctx) => {
  for (const { eff } of runCommands(df)) {
    const n = cmdName(eff);
    if (n === 'chpasswd') ctx.report({ loc: eff.name!.loc, message: 'chpasswd sets a password during the build; it stays in the image layers and history. Create accounts without passwords and pass credentials at run time.' });
    if (n === 'useradd' || n === 'usermod' || n === 'adduser') {
      const a = eff.args.find((w) => w.value === '-p' || w.value === '--password' || w.value.startsWith('--password='));
      if (a) ctx.report({ loc: a.loc, message: `${n} ${a.value} sets a password during the build; it stays in the image layers and history. Create accounts without passwords and pass credentials at run time.` });
    }
  }
});
