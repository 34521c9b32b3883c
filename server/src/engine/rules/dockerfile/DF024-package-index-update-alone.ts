import { defineRule } from '../../rule';
import { cmdName, span } from './util';
import { effective, operands } from '../../dockerfile/shell';

export default defineRule('dockerfile', {
  id: 'DF024', name: 'package-index-update-alone', title: 'Package index updated without installing in the same RUN', severity: 'warning',
  peers: ['checkov:CKV_DOCKER_5', 'trivy:DS-0017'],
  docs: {
    description: 'A `RUN` refreshes a package index (`apt-get update`, `apt update`, `apk update`, `dnf`/`yum makecache`, `zypper refresh`) without installing or upgrading anything after it in the same `RUN`.',
    rationale: 'The update lands in its own cached layer. Later `RUN ... install` steps keep using that stale index, even on rebuilds weeks later, so they install outdated packages with known vulnerabilities (or fail when the old versions disappear from the mirror).',
    remediation: 'Update and install in one `RUN`: `RUN apt-get update && apt-get install -y --no-install-recommends <pkgs> && rm -rf /var/lib/apt/lists/*`.',
    example: { bad: 'RUN apt-get update\nRUN apt-get install -y --no-install-recommends curl\n', good: 'RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n' },
  },
}, (df, ctx) => {
  for (const ins of df.instructions) {
    if (ins.keyword !== 'RUN') continue;
    const views = ins.commands.map(effective);
    const kind = (k: number): 'update' | 'install' | null => {
      const v = views[k];
      const n = cmdName(v);
      const ops = operands(v.args).map((w) => w.value);
      const verb = ops[0];
      if ((n === 'apt-get' || n === 'apt' || n === 'aptitude') && verb === 'update') return 'update';
      if (n === 'apk' && verb === 'update') return 'update';
      if ((n === 'yum' || n === 'dnf' || n === 'microdnf' || n === 'tdnf') && verb === 'makecache') return 'update';
      if (n === 'zypper' && (verb === 'refresh' || verb === 'ref')) return 'update';
      if (/^(apt-get|apt|aptitude|apk|yum|dnf|microdnf|tdnf|zypper)$/.test(n) && ops.some((o) => /^(install|add|upgrade|dist-upgrade|full-upgrade|update|in|up|dup|build-dep|reinstall|fix-missing)$/.test(o))) return 'install';
      if (n === 'apk' && v.args.some((a) => a.value === '--update' || a.value === '-U')) return 'install';
      return null;
    };
    for (let k = 0; k < views.length; k++) {
      if (kind(k) !== 'update') continue;
      let later = false;
      for (let j = k + 1; j < views.length; j++) if (kind(j) === 'install' || (kind(j) === 'update' && cmdName(views[j]) !== cmdName(views[k]))) later = true;
      if (later) continue;
      const v = views[k];
      const verb = operands(v.args)[0];
      ctx.report({ loc: span(v.name!, verb), message: `${v.name!.value} ${verb.value} runs without an install after it in the same RUN; its cached layer leaves later installs with a stale index. Update and install in one RUN.` });
    }
  }
});
