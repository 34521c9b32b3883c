import { defineRule } from '../../rule';
import { runCommands, pkgInstall, quoteList } from './util';
import type { Word } from '../../dockerfile/shell';

const RPM_OPTS = new Set(['-c', '--config', '--installroot', '--releasever', '--enablerepo', '--disablerepo', '-x', '--exclude', '--repo', '--repoid', '--repofrompath', '--setopt', '--downloaddir', '--destdir', '--forcearch', '-d', '--debuglevel', '-e', '--errorlevel', '--rpmverbosity']);

const VALUE_OPTS: Record<string, Set<string>> = {
  apt: new Set(['-o', '-t', '-c', '--option', '--target-release', '--config-file', '--default-release']),
  apk: new Set(['-X', '--repository', '-t', '--virtual', '-p', '--root', '--arch', '--cache-dir', '--keys-dir', '--repositories-file']),
  pip: new Set(['-r', '--requirement', '-c', '--constraint', '-i', '--index-url', '--extra-index-url', '-f', '--find-links', '-t', '--target', '--prefix', '--root', '--trusted-host', '--platform', '--python-version', '--implementation', '--abi', '--src', '-e', '--editable', '--progress-bar', '--cache-dir', '--log', '--proxy', '--retries', '--timeout', '--exists-action', '--cert', '--client-cert', '--global-option', '--install-option', '--upgrade-strategy', '--only-binary', '--no-binary', '--config-settings', '-C']),
  npm: new Set(['--prefix', '--registry', '-w', '--workspace', '--tag', '--cache', '--omit', '--include', '--install-strategy']),
  gem: new Set(['-v', '--version', '-i', '--install-dir', '-n', '--bindir', '--source', '-s', '--platform']),
  yum: RPM_OPTS,
  dnf: RPM_OPTS,
  microdnf: RPM_OPTS,
  zypper: new Set(['-r', '--repo', '--from', '-t', '--type', '--download', '-R', '--root', '--installroot']),
};

function pinned(tool: string, pkg: string): boolean {
  switch (tool) {
    case 'apt': return pkg.includes('=');
    case 'apk': return /[=<>~]/.test(pkg);
    case 'pip': return /(==|>=|<=|~=|!=|<|>|@)/.test(pkg);
    case 'npm': return /^(@[^/]+\/)?[^@]+@.+/.test(pkg);
    case 'gem': return /:\d/.test(pkg);
    // RPM: name-version[-release] (`httpd-2.4.6`, `curl-7.76.1-26.el9`), or a comparison where the tool takes one
    case 'yum': case 'dnf': case 'microdnf': return /-\d/.test(pkg) || /[<>=]/.test(pkg);
    case 'zypper': return /[<>=]/.test(pkg) || /-\d/.test(pkg);
    default: return true;
  }
}

function notAPackage(tool: string, pkg: string): boolean {
  if (pkg.includes('$') || /^[./~]/.test(pkg) || /:\/\//.test(pkg) || /\.(deb|apk|whl|tar\.gz|tgz|zip|rpm|gem)$/i.test(pkg)) return true;
  if (tool === 'pip' && /^(pip|setuptools|wheel)$/i.test(pkg)) return true;
  if (tool === 'npm' && /^(git\+|github:|file:|npm:)/.test(pkg)) return true;
  if (/^(yum|dnf|microdnf|zypper)$/.test(tool) && /^@|^(pattern|product|srcpackage|patch):|\//.test(pkg)) return true; // groups, patterns, files
  return false;
}

export default defineRule('dockerfile', {
  id: 'DF019', name: 'unpinned-package-versions', title: 'Packages installed without pinned versions', severity: 'info',
  peers: ['hadolint:DL3008', 'hadolint:DL3013', 'hadolint:DL3016', 'hadolint:DL3018', 'hadolint:DL3028', 'hadolint:DL3033', 'hadolint:DL3037', 'hadolint:DL3041'],
  docs: {
    description: '`apt-get install`, `apk add`, `pip install`, `npm install <pkg>`, `gem install`, `yum`/`dnf`/`microdnf install` or `zypper install` names packages without a version (`curl=8.5.0-2`, `curl=~8.5`, `flask==3.0.3`, `express@4.19.2`, `-v 1.2`, `httpd-2.4.6`, `curl=7.79.1`).',
    rationale: 'Unpinned installs take whatever version the repository has at build time, so two builds of the same Dockerfile differ, a compromised or broken release is picked up silently, and a rebuild can change behaviour without any change to review.',
    remediation: 'Pin versions (or use a lock file: `pip install -r requirements.txt` with hashes, `npm ci`), and let Renovate or Dependabot raise updates.',
    example: { bad: 'RUN pip install --no-cache-dir flask\n', good: 'RUN pip install --no-cache-dir flask==3.0.3\n' },
  },
}, (df, ctx) => {
  for (const { eff } of runCommands(df)) {
    const p = pkgInstall(eff);
    if (!p || !(p.tool in VALUE_OPTS)) continue;
    const after = eff.args.slice(eff.args.indexOf(p.verb) + 1);
    if (p.tool === 'gem' && after.some((a) => a.value === '-v' || a.value === '--version' || a.value.startsWith('--version='))) continue;
    const opts = VALUE_OPTS[p.tool];
    const pkgs: Word[] = [];
    for (let k = 0; k < after.length; k++) {
      const a = after[k].value;
      if (a.startsWith('-')) { if (opts.has(a)) k++; continue; }
      if (notAPackage(p.tool, a)) continue;
      if (!pinned(p.tool, a)) pkgs.push(after[k]);
    }
    if (!pkgs.length) continue;
    ctx.report({ loc: pkgs[0].loc, message: `${eff.name!.value} ${p.verb.value} installs ${quoteList(pkgs.map((w) => w.value))} without a pinned version, so builds are not reproducible. Pin versions (or install from a lock file).` });
  }
});
