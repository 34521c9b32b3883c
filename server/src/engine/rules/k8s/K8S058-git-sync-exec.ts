import { defineRule } from '../../rule';
import { who } from '../shared/pod';
import { parseImage } from './image';

/** git-sync settings that make it execute a program of the user's choice. */
const DANGEROUS_ENV = new Set(['GITSYNC_GIT', 'GIT_SYNC_GIT', 'GITSYNC_EXECHOOK_COMMAND', 'GIT_SYNC_EXECHOOK_COMMAND', 'GITSYNC_ASKPASS_URL', 'GIT_ASKPASS_URL', 'GITSYNC_GIT_CONFIG', 'GIT_SYNC_GIT_CONFIG']);
const DANGEROUS_FLAG = /^--(git|exechook-command|git-config|askpass-url)(=|$)/;

export default defineRule('pod',
  {
    id: 'K8S058', name: 'git-sync-exec', title: 'git-sync must not be told to run arbitrary programs',
    severity: 'error',
    peers: ['checkov:CKV_K8S_159'],
    cis: [],
    docs: {
      description: 'A git-sync container (image `.../git-sync`) sets an option that makes it execute a program or load configuration chosen by whoever writes the manifest: `GITSYNC_GIT`/`--git` (the git binary to run), `GITSYNC_EXECHOOK_COMMAND`/`--exechook-command`, `GITSYNC_GIT_CONFIG`/`--git-config` or `GITSYNC_ASKPASS_URL`/`--askpass-url` (and the `GIT_SYNC_` spellings).',
      rationale: 'These settings turn git-sync into a code-execution primitive: a payload placed in a writable volume (or fetched from the synced repository) runs with git-sync\'s repository credentials and access to the shared volumes, and from there reaches the application containers that trust the synced content.',
      remediation: 'Remove the override and use the git binary shipped in the official image; if a hook is needed, run it in a separate container watching the synced volume.',
      example: {
        bad: 'env:\n  - name: GITSYNC_GIT\n    value: /tmp/payload/payload\n',
        good: 'env:\n  - name: GITSYNC_REPO\n    value: https://github.com/example/site.git\n',
      },
    },
  },
  (pod, ctx) => {
    for (const c of pod.containers) {
      const image = c.view.get('image').str ?? '';
      if (!/(^|\/)git-sync$/.test(parseImage(image).repository)) continue;
      for (const e of c.view.get('env').items()) {
        const name = e.get('name').str ?? '';
        if (DANGEROUS_ENV.has(name)) ctx.report({ loc: e.get('name').pairLoc, message: `${who(pod, c)}: git-sync option ${name} makes git-sync execute or load '${e.get('value').str ?? '(from a reference)'}'; remove it and use the git binary of the official image.` });
      }
      for (const a of [...c.view.get('command').items(), ...c.view.get('args').items()]) {
        if (DANGEROUS_FLAG.test(a.str ?? '')) ctx.report({ loc: a.loc, message: `${who(pod, c)}: git-sync flag ${a.str} makes git-sync execute or load a program of the manifest's choosing; remove it.` });
      }
    }
  },
);
