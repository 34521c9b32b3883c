import { defineRule } from '../../rule';
import { expand } from '../../dockerfile/model';

/** Directories of the operating system: programs, libraries, configuration, kernel interfaces. */
const SYSTEM = /^\/(bin|sbin|etc|lib|lib32|lib64|libx32|boot|dev|proc|sys|run|var\/run|usr\/(bin|sbin|lib|lib64|libexec|local\/bin|local\/sbin|local\/lib))\/?$/;

export default defineRule('dockerfile', {
  id: 'DF028', name: 'workdir-system-directory', title: 'WORKDIR in a system directory', severity: 'info',
  peers: ['trivy:DS-0030'],
  docs: {
    description: '`WORKDIR` is an operating-system directory: `/bin`, `/sbin`, `/etc`, `/lib*`, `/usr/bin`, `/usr/sbin`, `/usr/lib`, `/usr/local/bin`, `/boot`, `/dev`, `/proc`, `/sys`, `/run`. `/` and home directories are not reported.',
    rationale: 'Everything that follows works relative to it: `COPY . .` spreads the build context (sources, scripts, sometimes `.env` files) among system binaries or configuration, where it can shadow real programs on the `PATH` or be picked up as configuration, and an application that writes to its working directory then writes into a system directory (which also keeps the root filesystem from being read-only).',
    remediation: 'Use a directory of the application\'s own: `WORKDIR /app` (or `/srv/<app>`, `/opt/<app>`), and copy single binaries into `/usr/local/bin` by name.',
    example: { bad: 'WORKDIR /usr/bin\nCOPY . .\n', good: 'WORKDIR /app\nCOPY . .\n' },
  },
}, (df, ctx) => {
  for (const ins of df.instructions) {
    if (ins.keyword !== 'WORKDIR' || !ins.args.length) continue;
    const raw = ins.args.map((a) => a.value).join(' ').replace(/^(["'])(.*)\1$/, '$2');
    const p = expand(raw, ins.vars) ?? raw;
    if (!SYSTEM.test(p)) continue;
    ctx.report({ loc: [ins.args[0].loc[0], ins.args[ins.args.length - 1].loc[1]], message: `WORKDIR ${p} is a system directory: files copied relative to it land among the system's own, and the application writes there. Use a directory of its own, e.g. WORKDIR /app.` });
  }
});
