/** Heuristics for secret-looking names and values (env vars, ConfigMap data). Pure string logic. */
import { detach } from '../../text';

/** Splits a name into lower-case words: `dbPassword` -> [db, password], `AWS_SECRET_KEY` -> [aws, secret, key]. */
export function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

const SECRET_WORDS = new Set(['password', 'passwd', 'pwd', 'passphrase', 'secret', 'secrets', 'token', 'tokens', 'credential', 'credentials', 'creds', 'apikey', 'privatekey', 'secretkey', 'accesskey', 'authtoken', 'bearer', 'pat']);
const SECRET_PAIRS = [['api', 'key'], ['access', 'key'], ['secret', 'key'], ['private', 'key'], ['client', 'secret'], ['auth', 'token'], ['account', 'key'], ['signing', 'key'], ['encryption', 'key'], ['master', 'key'], ['key', 'content'], ['connection', 'string'], ['sas', 'token'], ['storage', 'key'], ['license', 'key']];
/** Words before a trailing `key` that make it not a secret (`CACHE_KEY`, `PUBLIC_KEY`, `SORT_KEY`). */
const BENIGN_KEY_PREFIX = new Set(['public', 'cache', 'sort', 'partition', 'routing', 'primary', 'foreign', 'lookup', 'idempotency', 'label', 'node', 'shard', 'hash', 'group', 'message', 'object', 'metric', 'index', 'unique', 'row', 'composite', 'map', 'feature', 'config', 'header', 'query', 'redis', 'session', 'cookie', 'ssh', 'host', 'key']);
/** Trailing words that make a name describe a secret rather than hold one (`DB_PASSWORD_FILE`, `TOKEN_TTL`). */
const META_SUFFIX = new Set(['file', 'path', 'dir', 'directory', 'name', 'ref', 'url', 'uri', 'endpoint', 'enabled', 'enable', 'disabled', 'required', 'ttl', 'expiry', 'expiration', 'expires', 'timeout', 'length', 'len', 'type', 'id', 'header', 'mount', 'location', 'policy', 'provider', 'version', 'algorithm', 'format', 'size', 'count', 'refresh', 'lifetime', 'duration', 'rotation', 'store', 'source', 'env', 'prefix', 'field', 'param', 'regex', 'pattern', 'min', 'max', 'hint', 'reset', 'mode', 'key', 'name']);

/**
 * Word sequences that name a secret-sounding value that is not a secret: etcd's
 * `--initial-cluster-token` (`ETCD_INITIAL_CLUSTER_TOKEN`) only tells clusters apart during bootstrap.
 */
const BENIGN_PHRASES = [['initial', 'cluster', 'token']];

/** sensitiveName's answers by name: the same env and data key names come back in every workload (bounded). */
const sensitiveNames = new Map<string, string | undefined>();

/** Why a name looks like it holds a secret, or undefined. */
export function sensitiveName(name: string): string | undefined {
  const known = sensitiveNames.get(name);
  if (known !== undefined || sensitiveNames.has(name)) return known;
  const why = nameReason(name);
  if (sensitiveNames.size >= 4096) sensitiveNames.clear();
  // keyed by an own copy: a name sliced from a file's text would keep that text alive
  sensitiveNames.set(detach(name), why);
  return why;
}

function nameReason(name: string): string | undefined {
  const w = words(name);
  if (!w.length) return undefined;
  if (BENIGN_PHRASES.some((p) => p.every((x, i) => w[w.length - p.length + i] === x))) return undefined;
  const last = w[w.length - 1];
  if (META_SUFFIX.has(last) && !(last === 'key' && w.length >= 2 && !BENIGN_KEY_PREFIX.has(w[w.length - 2]))) return undefined;
  const hit = w.find((x) => SECRET_WORDS.has(x));
  if (hit) return `its name contains '${hit}'`;
  for (let i = 0; i + 1 < w.length; i++) {
    for (const [a, b] of SECRET_PAIRS) if (w[i] === a && w[i + 1] === b) return `its name contains '${a} ${b}'`;
  }
  if (last === 'key' && w.length >= 2 && !BENIGN_KEY_PREFIX.has(w[w.length - 2])) return `its name ends in 'key'`;
  return undefined;
}

const VALUE_SHAPES: [RegExp, string][] = [
  [/-{3,}\s*BEGIN[A-Z ]*PRIVATE KEY( BLOCK)?\s*-{3,}/, 'a private key'],
  [/\b(AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA)[0-9A-Z]{16}\b/, 'an AWS access key id'],
  [/\bgh[pousr]_[A-Za-z0-9]{36,}\b|\bgithub_pat_[A-Za-z0-9_]{40,}/, 'a GitHub token'],
  [/\bglpat-[A-Za-z0-9_-]{20,}/, 'a GitLab token'],
  [/\bxox[abposr]-[A-Za-z0-9-]{10,}/, 'a Slack token'],
  [/\bAIza[0-9A-Za-z_-]{35}\b/, 'a Google API key'],
  [/\b[sr]k_live_[0-9a-zA-Z]{20,}/, 'a Stripe live key'],
  [/\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/, 'a JSON Web Token'],
  [/AccountKey=[A-Za-z0-9+/=]{20,}|SharedAccessKey=[A-Za-z0-9+/=]{20,}/, 'an Azure account key'],
  [/\b[a-z][a-z0-9+.-]*:\/\/[^\s:@/$]+:[^\s@/$]{3,}@[^\s]+/i, 'a URL with an embedded password'],
  [/"type"\s*:\s*"service_account"[\s\S]*"private_key"/, 'a Google service account key'],
];

/** What secret a value looks like, by its shape alone, or undefined. */
export function secretShape(value: string): string | undefined {
  for (const [re, what] of VALUE_SHAPES) if (re.test(value)) return what;
  return undefined;
}

/** Values that cannot be a hard-coded secret: empty, references, booleans, small numbers, paths. */
export function isPlaceholderValue(value: string): boolean {
  const v = value.trim();
  if (v === '' || /^(\[\s*\]|\{\s*\}|""|''|~)$/.test(v)) return true; // empty list, map or string
  if (/^\$\(.+\)$|^\$\{.+\}$|^\{\{.*\}\}$/.test(v)) return true; // $(VAR), ${VAR}, templating
  if (/^(true|false|yes|no|on|off|enabled|disabled|none|null|nil)$/i.test(v)) return true;
  if (/^\d{1,6}$/.test(v)) return true;
  if (/^\/[^\s]*$/.test(v) || /^file:\/\//.test(v)) return true; // a path to a mounted secret
  return false;
}

/** Why a name/value pair looks like a hard-coded secret, or undefined. */
export function secretReason(name: string, value: string): string | undefined {
  const shape = secretShape(value);
  if (shape) return `its value looks like ${shape}`;
  if (isPlaceholderValue(value)) return undefined;
  return sensitiveName(name);
}

/** `key = value` / `key: value` lines inside a multi-line value (properties, env files, YAML). */
export function embeddedSecret(text: string): { line: number; key: string; reason: string } | undefined {
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const m = /^\s*(?:export\s+)?["']?([A-Za-z_][A-Za-z0-9_.\-]*)["']?\s*[:=]\s*["']?([^"'#\s][^"'#]*?)["']?\s*$/.exec(lines[i]);
    if (!m) continue;
    const why = isPlaceholderValue(m[2]) ? undefined : sensitiveName(m[1]);
    if (why) return { line: i, key: m[1], reason: why };
  }
  return undefined;
}
