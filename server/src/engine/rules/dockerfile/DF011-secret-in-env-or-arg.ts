import { defineRule } from '../../rule';

const SECRET_WORDS = /^(PASSWORD|PASSWD|PASSPHRASE|PWORD|SECRET|SECRETS|TOKEN|APIKEY|CREDENTIAL|CREDENTIALS|PRIVATEKEY)$/;
const KEY_PREFIX = /^(API|PRIVATE|ACCESS|SECRET|ENCRYPTION|SIGNING|MASTER|CLIENT|LICENSE|AUTH|SSH|ACCOUNT)$/;
const NOT_SECRET_SUFFIX = /^(FILE|PATH|DIR|URL|URI|NAME|ID|LENGTH|LEN|SIZE|TYPE|HEADER|ENDPOINT|HOST|PORT|USER|USERNAME|REF|ENABLED|ALG|ALGORITHM|EXPIRY|TTL|TIMEOUT|LOCATION|ENV|VAR|FINGERPRINT|REGION)$/;

/** Whether a variable name looks like it holds a secret. */
export function secretName(name: string): boolean {
  const toks = name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase().split(/[_\-.]+/).filter(Boolean);
  if (!toks.length || toks.includes('PUBLIC') || NOT_SECRET_SUFFIX.test(toks[toks.length - 1])) return false;
  for (let i = 0; i < toks.length; i++) {
    if (SECRET_WORDS.test(toks[i])) return true;
    if (toks[i] === 'KEY' && i > 0 && KEY_PREFIX.test(toks[i - 1])) return true;
    if (toks[i] === 'PWD' && toks.length > 1) return true;
  }
  return false;
}

/** Value shapes of well-known credentials. */
export const SECRET_VALUES: { re: RegExp; what: string }[] = [
  { re: /\bAKIA[0-9A-Z]{16}\b/, what: 'an AWS access key id' },
  { re: /\bgh[pousr]_[A-Za-z0-9]{36,}\b/, what: 'a GitHub token' },
  { re: /\bgithub_pat_[A-Za-z0-9_]{40,}\b/, what: 'a GitHub token' },
  { re: /\bglpat-[A-Za-z0-9_-]{20,}\b/, what: 'a GitLab token' },
  { re: /\bxox[abpors]-[A-Za-z0-9-]{10,}\b/, what: 'a Slack token' },
  { re: /\b(sk|rk)_live_[A-Za-z0-9]{20,}\b/, what: 'a Stripe key' },
  { re: /\bAIza[0-9A-Za-z_-]{35}\b/, what: 'a Google API key' },
  { re: /\bnpm_[A-Za-z0-9]{36,}\b/, what: 'an npm token' },
  { re: /\bsk-[A-Za-z0-9_-]{32,}\b/, what: 'an API secret key' },
  { re: /-----BEGIN [A-Z ]*PRIVATE KEY-----/, what: 'a private key' },
  { re: /\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/, what: 'a JSON Web Token' },
  { re: /\b[a-z][a-z0-9+.-]*:\/\/[^\s:@/]+:[^\s@/$]{3,}@/i, what: 'a URL with a password' },
];

export default defineRule('dockerfile', {
  id: 'DF011', name: 'secret-in-env-or-arg', title: 'Secret in ENV or ARG', severity: 'error',
  peers: ['hadolint:DL3064', 'trivy:DS-0031', 'buildkit:SecretsUsedInArgOrEnv'],
  docs: {
    description: 'An `ENV` or `ARG` has a name that says it holds a secret (`*_PASSWORD`, `*_TOKEN`, `*_SECRET`, `API_KEY`, `PRIVATE_KEY`, ...), or a value shaped like a credential (AWS access key, GitHub/GitLab/npm/Slack token, private key, JWT, URL with a password).',
    rationale: '`ENV` values are stored in the image config and visible to anyone who can pull the image (`docker inspect`); `ARG` values used by a `RUN` are recorded in the image history. Either way the secret ships with every copy of the image.',
    remediation: 'Use a build secret: `RUN --mount=type=secret,id=npm_token NPM_TOKEN=$(cat /run/secrets/npm_token) npm ci` with `docker build --secret id=npm_token,env=NPM_TOKEN`. Give running containers their secrets at run time (orchestrator secrets, a `*_FILE` variable pointing to a mounted file).',
    example: { bad: 'ARG NPM_TOKEN\nRUN echo "//registry.npmjs.org/:_authToken=$NPM_TOKEN" > .npmrc && npm ci\n', good: 'RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci\n' },
  },
}, (df, ctx) => {
  for (const ins of df.instructions) {
    if (ins.keyword !== 'ENV' && ins.keyword !== 'ARG') continue;
    for (const p of ins.props) {
      const v = p.value ?? '';
      const shape = SECRET_VALUES.find((s) => s.re.test(v));
      const mount = `RUN --mount=type=secret,id=${p.name.toLowerCase()}`;
      if (shape && p.valueLoc) {
        ctx.report({ loc: p.valueLoc, message: `${ins.keyword} ${p.name} holds what looks like ${shape.what}; it ships in the image${ins.keyword === 'ENV' ? ' config' : ' history'}. Remove it, rotate it, and pass it with ${mount} instead.` });
      } else if (secretName(p.name) && !(ins.keyword === 'ENV' && (v === '' || v.startsWith('/run/secrets/')))) {
        ctx.report({ loc: p.nameLoc, message: `${ins.keyword} ${p.name} looks like a secret; ${ins.keyword === 'ENV' ? 'ENV values are stored in the image config' : 'ARG values used by RUN are recorded in the image history'}. Pass it with ${mount} (docker build --secret id=${p.name.toLowerCase()},env=${p.name}) instead.` });
      }
    }
  }
});
