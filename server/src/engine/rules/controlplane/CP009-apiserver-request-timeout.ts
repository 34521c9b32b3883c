import { ruleMeta } from '../../rule';
import { componentRule, flag } from './flags';

/** Go time.ParseDuration, in seconds; undefined when invalid. */
export function parseDuration(s: string): number | undefined {
  const t = s.trim();
  if (t === '0') return 0;
  const unit: Record<string, number> = { ns: 1e-9, us: 1e-6, 'µs': 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };
  const re = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/y;
  let total = 0;
  let i = 0;
  const sign = t.startsWith('-') ? -1 : 1;
  if (t[0] === '-' || t[0] === '+') i = 1;
  if (i >= t.length) return undefined;
  while (i < t.length) {
    re.lastIndex = i;
    const m = re.exec(t);
    if (!m) return undefined;
    total += Number(m[1]) * unit[m[2]];
    i = re.lastIndex;
  }
  return sign * total;
}

const MAX_SECONDS = 300;

export default componentRule(
  ruleMeta({
    id: 'CP009', name: 'apiserver-request-timeout', title: 'The API server request timeout should stay short',
    severity: 'info',
    peers: ['checkov:CKV_K8S_95'],
    cis: ['1.2.20'],
    docs: {
      description: `A kube-apiserver container sets \`--request-timeout\` to a value that is not a valid duration or is longer than ${MAX_SECONDS / 60} minutes (the default is 60s).`,
      rationale: 'Every open request holds API server resources; long timeouts let slow or malicious clients pile up connections and exhaust the server (denial of service). An invalid duration stops the API server from starting.',
      remediation: 'Remove the flag to keep the 60s default, or set a valid Go duration no longer than needed (e.g. `--request-timeout=2m`).',
      example: { bad: 'command:\n  - kube-apiserver\n  - --request-timeout=3h\n', good: 'command:\n  - kube-apiserver\n  - --request-timeout=2m\n' },
    },
  }),
  ['kube-apiserver'],
  (c, ctx) => {
    const f = flag(c, 'request-timeout');
    if (!f) return;
    const secs = f.value === undefined ? undefined : parseDuration(f.value);
    if (secs === undefined) ctx.report({ loc: f.loc, message: `${c.who}: --request-timeout${f.value === undefined ? ' has no value' : `=${f.value} is not a valid duration`}; the API server will not start. Use a duration such as 60s or 2m.` });
    else if (secs > MAX_SECONDS) ctx.report({ loc: f.loc, message: `${c.who}: --request-timeout=${f.value} lets each request hold the API server for more than ${MAX_SECONDS / 60} minutes (default 60s), which helps clients exhaust it. Use a shorter timeout.` });
  },
);
