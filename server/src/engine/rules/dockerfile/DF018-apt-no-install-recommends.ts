import { defineRule } from '../../rule';
import { runCommands, pkgInstall, span } from './util';

export default defineRule('dockerfile', {
  id: 'DF018', name: 'apt-no-install-recommends', title: 'apt-get install without --no-install-recommends', severity: 'info',
  peers: ['hadolint:DL3015', 'trivy:DS-0029'], fix: 'safe',
  docs: {
    description: '`apt-get install` (or `apt install`) runs without `--no-install-recommends`.',
    rationale: 'Recommended packages are installed by default: often dozens of packages the application never uses, each one more code with vulnerabilities to patch and more tools for an attacker.',
    remediation: 'Add `--no-install-recommends` and install what you need explicitly.',
    example: { bad: 'RUN apt-get update && apt-get install -y curl\n', good: 'RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n' },
  },
}, (df, ctx) => {
  for (const { eff } of runCommands(df)) {
    const p = pkgInstall(eff);
    if (!p || p.tool !== 'apt') continue;
    if (eff.args.some((a) => /^--no-install-recommends$|Install-Recommends=(false|0|no)/i.test(a.value))) continue;
    ctx.report({
      loc: span(eff.name!, p.verb),
      message: `${eff.name!.value} install runs without --no-install-recommends and pulls in recommended packages the image does not need. Add --no-install-recommends.`,
      fixes: [{ title: 'Add --no-install-recommends', applicability: 'safe', edits: [{ start: p.verb.loc[1], end: p.verb.loc[1], newText: ' --no-install-recommends' }] }],
    });
  }
});
