import { defineRule } from '../../rule';
import { runCommands, pkgInstall, span, shippedStages, appendPoint, cmdName } from './util';
import type { FixDef } from '../../types';
import type { Instr } from '../../dockerfile/model';

function cacheMount(ins: Instr, re: RegExp): boolean {
  return ins.flags.some((f) => f.name === 'mount' && /type=cache/.test(f.value ?? '') && re.test(f.value ?? ''));
}

export default defineRule('dockerfile', {
  id: 'DF020', name: 'package-cache-left', title: 'Package manager cache left in the image', severity: 'info',
  peers: ['hadolint:DL3009', 'hadolint:DL3019', 'hadolint:DL3042', 'hadolint:DL3032', 'hadolint:DL3040', 'hadolint:DL3036', 'trivy:DS-0015', 'trivy:DS-0019', 'trivy:DS-0020', 'trivy:DS-0025', 'trivy:DS-0027'], fix: 'safe',
  docs: {
    description: 'In the stages that make up the final image, a package install leaves its cache behind: `apt-get install` without `rm -rf /var/lib/apt/lists/*` (or `apt-get dist-clean`, apt 2.7+) in the same `RUN`, `apk add` without `--no-cache` (or `--no-network`, which installs local packages and fetches no index), `pip install` without `--no-cache-dir`, `yum`/`dnf`/`microdnf install` without `clean all`, `zypper install` without `zypper clean`. A cache mount (`RUN --mount=type=cache,...`) counts as clean.',
    rationale: 'Package indexes and caches add tens to hundreds of megabytes to every copy of the image and go stale: they are not used at run time and make the image slower to pull and scan.',
    remediation: 'Clean up in the same `RUN` as the install (a later `RUN` cannot shrink an earlier layer), use the no-cache options, or use a BuildKit cache mount.',
    example: { bad: 'RUN apk add curl\n', good: 'RUN apk add --no-cache curl\n' },
  },
}, (df, ctx) => {
  const shipped = shippedStages(df);
  for (const { ins, eff } of runCommands(df)) {
    if (!ins.stage || !shipped.has(ins.stage)) continue;
    const p = pkgInstall(eff);
    if (!p) continue;
    const all = ins.commands.map((c) => c.words.map((w) => w.value).join(' ')).join('\n');
    const loc = span(eff.name!, p.verb);
    const n = cmdName(eff);
    const append = (title: string, cmd: string): FixDef[] => {
      const a = appendPoint(df, ins);
      return a ? [{ title, applicability: 'safe', edits: [{ start: a.at, end: a.at, newText: a.text(cmd) }] }] : [];
    };
    const insert = (title: string, flag: string): FixDef[] => [{ title, applicability: 'safe', edits: [{ start: p.verb.loc[1], end: p.verb.loc[1], newText: ' ' + flag }] }];
    if (p.tool === 'apt') {
      if (/\/var\/lib\/apt\/lists/.test(all.replace(/^.*\bapt(-get)? install\b.*$/m, '')) || /rm\b.*\/var\/lib\/apt\/lists/.test(all) || /\bapt(-get)? dist-clean\b/.test(all) || cacheMount(ins, /\/var\/lib\/apt/)) continue;
      ctx.report({ loc, message: `${n} install leaves the apt package lists in the layer. Remove them in the same RUN: && rm -rf /var/lib/apt/lists/*.`, fixes: append('Remove /var/lib/apt/lists/* in the same RUN', 'rm -rf /var/lib/apt/lists/*') });
    } else if (p.tool === 'apk') {
      if (eff.args.some((a) => a.value === '--no-cache' || a.value === '--no-network') || /rm\b.*\/var\/cache\/apk/.test(all) || cacheMount(ins, /\/(var\/cache\/apk|etc\/apk\/cache)/)) continue;
      ctx.report({ loc, message: 'apk add keeps its package index in the layer. Use apk add --no-cache.', fixes: insert('Add --no-cache', '--no-cache') });
    } else if (p.tool === 'pip') {
      const env = ins.vars.get('PIP_NO_CACHE_DIR');
      if (eff.args.some((a) => a.value === '--no-cache-dir') || (env !== undefined && /^(1|true|yes|on|off|0|false)$/i.test(env)) || eff.assigns.some((a) => a.value.startsWith('PIP_NO_CACHE_DIR=')) || cacheMount(ins, /\.cache\/pip|\/pip/)) continue;
      ctx.report({ loc, message: `${n} install keeps downloaded wheels in the layer (~/.cache/pip). Use ${n} install --no-cache-dir.`, fixes: insert('Add --no-cache-dir', '--no-cache-dir') });
    } else if (p.tool === 'yum' || p.tool === 'dnf' || p.tool === 'microdnf' || p.tool === 'zypper') {
      const clean = p.tool === 'zypper' ? 'zypper clean --all' : `${n} clean all`;
      const re = p.tool === 'zypper' ? /\bzypper (clean|cc)\b/ : /\b(yum|dnf|microdnf|tdnf) clean all\b/;
      if (re.test(all) || /rm\b.*\/var\/cache\/(yum|dnf|zypp)/.test(all) || cacheMount(ins, /\/var\/cache\/(yum|dnf|zypp)/)) continue;
      ctx.report({ loc, message: `${n} install leaves its package cache in the layer. Run ${clean} in the same RUN.`, fixes: append(`Run ${clean} in the same RUN`, clean) });
    }
  }
});
