import { defineRule } from '../../rule';
import { runCommands, cmdName } from './util';

export default defineRule('dockerfile', {
  id: 'DF010', name: 'package-signature-check-disabled', title: 'Package signature or integrity checks disabled', severity: 'error',
  peers: ['checkov:CKV2_DOCKER_7', 'checkov:CKV2_DOCKER_8', 'checkov:CKV2_DOCKER_9', 'checkov:CKV2_DOCKER_10', 'checkov:CKV2_DOCKER_11'],
  docs: {
    description: 'A package manager is told to install packages whose signature or digest is not verified: `apk --allow-untrusted`, `apt-get --allow-unauthenticated` / `--force-yes` / `--allow-insecure-repositories`, `yum`/`dnf`/`tdnf`/`microdnf --nogpgcheck` or `--setopt=gpgcheck=0`, `rpm --nosignature`/`--nodigest`/`--noverify`/`--nofiledigest`, or an apt source written in a `RUN` with `[trusted=yes]` (or `allow-insecure=yes`, `allow-weak=yes`).',
    rationale: 'Signatures are what tie a package to its publisher. Without them a mirror, proxy or network attacker can substitute any package, and it is installed as root into your image.',
    remediation: 'Remove the option and import the repository\'s signing key instead (`apk add --allowed-keys`... or copy the key into /etc/apk/keys, `signed-by=` for apt, `rpm --import` for rpm).',
    example: { bad: 'RUN apk add --allow-untrusted ./mytool.apk\n', good: 'COPY mytool.rsa.pub /etc/apk/keys/\nRUN apk add ./mytool.apk\n' },
  },
}, (df, ctx) => {
  // apt sources written by the RUN: `deb [trusted=yes] ...` (or allow-insecure=yes) turns verification off for that repository
  for (const { eff } of runCommands(df)) {
    for (const a of eff.args) {
      const m = /\[[^\]]*\b(trusted=yes|allow-insecure=yes|allow-weak=yes)\b[^\]]*\]/.exec(a.value);
      if (!m || !/(^|\s)deb(-src)?(\s|$)/.test(a.value) && !eff.args.some((w) => w.value === 'deb' || w.value === 'deb-src')) continue;
      ctx.report({ loc: a.loc, message: `An apt source with [${m[1]}] makes apt accept that repository's packages without a valid signature. Remove the option and add the repository's key with signed-by=/etc/apt/keyrings/<key>.gpg.` });
    }
  }
  for (const { eff } of runCommands(df)) {
    const n = cmdName(eff);
    let bad: RegExp | null = null;
    if (n === 'apk') bad = /^--allow-untrusted$/;
    else if (n === 'apt-get' || n === 'apt' || n === 'aptitude') bad = /^(--allow-unauthenticated|--force-yes|--allow-insecure-repositories|--allow-downgrades|-oAPT::Get::AllowUnauthenticated=(true|1|yes)|APT::Get::AllowUnauthenticated=(true|1|yes))$/i;
    else if (/^(yum|dnf|tdnf|microdnf|zypper)$/.test(n)) bad = /^(--nogpgcheck|--no-gpg-checks|--setopt=(.*\.)?gpgcheck=(0|false|no))$/i;
    else if (n === 'rpm') bad = /^(--nodigest|--nosignature|--noverify|--nofiledigest)$/;
    if (!bad) continue;
    for (const a of eff.args) {
      if (!bad.test(a.value) || (a.value === '--allow-downgrades')) continue;
      ctx.report({ loc: a.loc, message: `${n} ${a.value} installs packages without verifying their signature or digest. Remove it and trust the repository's signing key instead.` });
    }
  }
});
