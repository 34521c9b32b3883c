import { defineRule } from '../../rule';
import { runCommands, cmdName } from './util';
import type { Loc } from '../../types';
import { isAssignment, operands, Word } from '../../dockerfile/shell';

const CURL_VALUE_OPTS = 'AbcCdDeEFHKmoPQrtTuUwxXyYz';

/** Environment variables that disable TLS verification, and when. */
export const TLS_ENV: { re: RegExp; bad: (v: string) => boolean; why: string }[] = [
  { re: /^PYTHONHTTPSVERIFY$/, bad: (v) => v === '0', why: 'turns off certificate verification in Python\'s HTTPS client' },
  { re: /^NODE_TLS_REJECT_UNAUTHORIZED$/, bad: (v) => v === '0', why: 'makes Node.js accept any TLS certificate' },
  { re: /^GIT_SSL_NO_VERIFY$/, bad: () => true, why: 'makes git skip certificate verification (any value, even 0 or empty, disables it)' },
  { re: /^PIP_TRUSTED_HOST$/, bad: (v) => v.trim() !== '', why: 'makes pip trust the host without a valid certificate' },
  { re: /^npm_config_strict_ssl$/i, bad: (v) => v.toLowerCase() === 'false', why: 'turns off certificate verification in npm' },
  { re: /^YARN_STRICT_SSL$/i, bad: (v) => v.toLowerCase() === 'false', why: 'turns off certificate verification in yarn' },
];

function envHit(name: string, value: string): string | undefined {
  for (const e of TLS_ENV) if (e.re.test(name) && e.bad(value)) return e.why;
  return undefined;
}

const FALSY = /^(0|false|no|off)$/i;

export default defineRule('dockerfile', {
  id: 'DF009', name: 'tls-verification-disabled', title: 'TLS certificate verification disabled', severity: 'error',
  peers: ['checkov:CKV2_DOCKER_2', 'checkov:CKV2_DOCKER_3', 'checkov:CKV2_DOCKER_4', 'checkov:CKV2_DOCKER_5', 'checkov:CKV2_DOCKER_6', 'checkov:CKV2_DOCKER_12', 'checkov:CKV2_DOCKER_13', 'checkov:CKV2_DOCKER_14', 'checkov:CKV2_DOCKER_15', 'checkov:CKV2_DOCKER_16'],
  docs: {
    description: 'A download or package tool is told to skip TLS certificate verification: `curl -k`/`--insecure`, `wget --no-check-certificate`, `pip --trusted-host` / `PIP_TRUSTED_HOST`, `npm`/`yarn config set strict-ssl false` / `NPM_CONFIG_STRICT_SSL=false`, `git config http.sslVerify false` / `GIT_SSL_NO_VERIFY`, `NODE_TLS_REJECT_UNAUTHORIZED=0`, `PYTHONHTTPSVERIFY=0`, or yum/dnf `sslverify=0`, whether in `RUN`, `ENV` or `ARG`.',
    rationale: 'Without certificate verification anyone on the network path (a proxy, a compromised Wi-Fi or CI network, a hijacked DNS entry) can serve you different packages, scripts or source code, and the build will install them. Set in `ENV`, the setting also stays in the running container.',
    remediation: 'Remove the option. If a corporate proxy re-signs TLS, add its CA certificate to the image (`COPY corp-ca.crt /usr/local/share/ca-certificates/ && update-ca-certificates`, or `NODE_EXTRA_CA_CERTS`, `PIP_CERT`, `npm config set cafile`) instead of turning verification off.',
    example: { bad: 'RUN curl -k https://example.com/tool -o /usr/local/bin/tool\n', good: 'RUN curl -fsSL https://example.com/tool -o /usr/local/bin/tool\n' },
  },
}, (df, ctx) => {
  const report = (loc: Loc, msg: string) => ctx.report({ loc, message: `${msg} Remove it; if a proxy re-signs TLS, trust its CA certificate instead.` });
  // ENV and ARG
  for (const ins of df.instructions) {
    if (ins.keyword !== 'ENV' && ins.keyword !== 'ARG') continue;
    for (const p of ins.props) {
      const v = p.value ?? '';
      if (ins.keyword === 'ARG' && p.value === null) continue;
      const why = envHit(p.name, v);
      if (why) report([p.nameLoc[0], p.valueLoc ? p.valueLoc[1] : p.nameLoc[1]], `${ins.keyword} ${p.name}${p.value !== null ? '=' + v : ''} ${why}.`);
    }
  }
  const assignHits = (ws: Word[]) => {
    for (const w of ws) {
      if (!isAssignment(w)) continue;
      const eq = w.value.indexOf('=');
      const why = envHit(w.value.slice(0, eq), w.value.slice(eq + 1));
      if (why) report(w.loc, `${w.raw} ${why}.`);
    }
  };
  for (const { eff } of runCommands(df)) {
    assignHits(eff.assigns);
    const n = cmdName(eff);
    const args = eff.args;
    if (n === 'export' || n === 'declare' || n === 'typeset') { assignHits(args); continue; }
    if (n === 'curl') {
      for (const a of args) {
        if (a.value === '--insecure') { report(a.loc, 'curl --insecure accepts any TLS certificate.'); continue; }
        const m = /^-([A-Za-z0-9#:]+)$/.exec(a.value);
        if (!m || a.value.startsWith('--')) continue;
        for (const ch of m[1]) {
          if (ch === 'k') { report(a.loc, a.value === '-k' ? 'curl -k (--insecure) accepts any TLS certificate.' : `curl ${a.value} includes -k (--insecure), which accepts any TLS certificate.`); break; }
          if (CURL_VALUE_OPTS.includes(ch)) break;
        }
      }
    } else if (n === 'wget') {
      for (const a of args) if (a.value === '--no-check-certificate') report(a.loc, 'wget --no-check-certificate accepts any TLS certificate.');
    } else if (/^pip[0-9.]*$/.test(n) || (/^python[0-9.]*$/.test(n) && args.some((a, i) => a.value === '-m' && /^pip/.test(args[i + 1]?.value ?? '')))) {
      for (const a of args) if (a.value === '--trusted-host' || a.value.startsWith('--trusted-host=')) report(a.loc, `pip ${a.value} makes pip trust a host without a valid certificate.`);
      const ops = operands(args).map((w) => w.value);
      const ci = ops.indexOf('config');
      if (ci >= 0 && ops[ci + 1] === 'set' && /(^|\.)trusted-host$/.test(ops[ci + 2] ?? '')) {
        const w = operands(args)[ci + 2];
        report(w.loc, `pip config set ${w.value} makes pip trust a host without a valid certificate.`);
      }
    } else if (n === 'npm' || n === 'yarn' || n === 'pnpm') {
      for (let i = 0; i < args.length; i++) {
        const a = args[i];
        if (/^--strict-ssl(=false)?$/i.test(a.value) && (a.value.includes('=') || FALSY.test(args[i + 1]?.value ?? ''))) report(a.loc, `${n} ${a.value} turns off certificate verification.`);
      }
      const ops = operands(args);
      const si = ops.findIndex((w) => w.value === 'set');
      if (si >= 0 && (si === 0 || ['config', 'c'].includes(ops[si - 1].value))) {
        const key = ops[si + 1];
        if (key) {
          const [k, inline] = key.value.split(/=(.*)/s);
          const val = inline !== undefined ? inline : ops[si + 2]?.value;
          if (k === 'strict-ssl' && val !== undefined && val.toLowerCase() === 'false') {
            const end = inline !== undefined ? key.loc[1] : ops[si + 2].loc[1];
            report([key.loc[0], end], `${n} config set strict-ssl false turns off certificate verification for every later ${n} command.`);
          }
        }
      }
    } else if (n === 'git') {
      for (let i = 0; i < args.length; i++) {
        const a = args[i];
        const m = /^http\.(?:.*\.)?sslverify(?:=(.*))?$/i.exec(a.value);
        if (!m) continue;
        const val = m[1] !== undefined ? m[1] : args[i + 1]?.value;
        if (val !== undefined && FALSY.test(val)) report(m[1] !== undefined ? a.loc : [a.loc[0], args[i + 1].loc[1]], `git ${m[1] !== undefined ? '-c ' + a.value : 'config ' + a.value + ' ' + val} turns off certificate verification for git.`);
      }
    } else if (/^(yum|dnf|tdnf|microdnf|yum-config-manager|dnf-config-manager)$/.test(n)) {
      for (const a of args) {
        if (/^--setopt=(?:.*\.)?sslverify=(0|false|no|off)$/i.test(a.value)) report(a.loc, `${n} ${a.value} turns off certificate verification for package repositories.`);
      }
    }
  }
});
