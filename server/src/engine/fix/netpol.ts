/**
 * A default-deny NetworkPolicy for a namespace, appended to a manifest as a new `---` document in
 * the file's indentation and line endings, optionally allowing DNS to kube-dns. Pure.
 */
import type { OffsetEdit } from '../types';
import { fileStyle } from './style';

export interface NetpolOptions { namespace?: string; dns?: boolean; name?: string }

export function defaultDenyPolicy(text: string, opts: NetpolOptions): string {
  const st = fileStyle(text);
  const i = (n: number) => ' '.repeat(n * st.step);
  const dash = (n: number) => (st.seqIndented ? i(n + 1) : i(n)) + '- ';
  const cont = (n: number) => (st.seqIndented ? i(n + 1) : i(n)) + '  ';
  const l: string[] = [
    'apiVersion: networking.k8s.io/v1',
    'kind: NetworkPolicy',
    'metadata:',
    `${i(1)}name: ${opts.name ?? (opts.dns ? 'default-deny-allow-dns' : 'default-deny-all')}`,
  ];
  if (opts.namespace) l.push(`${i(1)}namespace: ${/^[a-z0-9-]+$/.test(opts.namespace) ? opts.namespace : JSON.stringify(opts.namespace)}`);
  l.push('spec:', `${i(1)}podSelector: {}`, `${i(1)}policyTypes:`, `${dash(1)}Ingress`, `${dash(1)}Egress`);
  if (opts.dns) {
    // egress to kube-dns only; nothing else leaves the namespace, nothing comes in
    const to = cont(1);
    l.push(
      `${i(1)}egress:`,
      `${dash(1)}to:`,
      `${to}${st.seqIndented ? ' '.repeat(st.step) : ''}- namespaceSelector:`,
    );
    const base = to + (st.seqIndented ? ' '.repeat(st.step) : '') + '  ';
    l.push(
      `${base}${i(1)}matchLabels:`,
      `${base}${i(2)}kubernetes.io/metadata.name: kube-system`,
      `${base}podSelector:`,
      `${base}${i(1)}matchLabels:`,
      `${base}${i(2)}k8s-app: kube-dns`,
      `${to}ports:`,
      `${to}${st.seqIndented ? ' '.repeat(st.step) : ''}- protocol: UDP`,
      `${to}${st.seqIndented ? ' '.repeat(st.step) : ''}  port: 53`,
      `${to}${st.seqIndented ? ' '.repeat(st.step) : ''}- protocol: TCP`,
      `${to}${st.seqIndented ? ' '.repeat(st.step) : ''}  port: 53`,
    );
  }
  return l.join(st.eol) + st.eol;
}

/** An edit appending the policy as a new document at the end of the file. */
export function appendDefaultDenyPolicy(text: string, opts: NetpolOptions): OffsetEdit {
  const st = fileStyle(text);
  const body = defaultDenyPolicy(text, opts);
  let prefix = '';
  if (text.length && !/[\r\n]$/.test(text)) prefix = st.eol;
  if (/\S/.test(text)) prefix += '---' + st.eol;
  return { start: text.length, end: text.length, newText: prefix + body };
}
