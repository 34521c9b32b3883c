/**
 * The Palisade posture view's tree, from the server's `palisade.posture` answer (no VS Code API here,
 * so that it is tested without an editor; ./postureView.ts shows it): namespaces with their Pod
 * Security level, their workloads (default-allow ones flagged), the traffic each may receive and
 * send, and under each edge the policy rules that allow it, which open at their line.
 */
import type { PostureOverview, Edge } from '../../server/src/engine/posture/overview';
import type { Where } from '../../server/src/engine/posture/common';

export interface TreeNode {
  label: string;
  description?: string;
  tooltip?: string;
  /** A codicon id. */
  icon?: string;
  /** Opened on click. */
  location?: Where;
  /** Shown as a warning (default-allow workloads, traffic from outside the cluster). */
  warn?: boolean;
  children: TreeNode[];
}

const short = (id: string) => id.replace(/^([^/]+)\/[^/]+\//, '$1/');

function edgeNode(e: Edge, dir: 'in' | 'out'): TreeNode {
  const other = dir === 'in' ? e.from : e.to;
  const outside = other === 'outside the cluster';
  return {
    label: `${dir === 'in' ? '← from' : '→ to'} ${outside ? other : short(other)}`,
    description: e.ports.join(', '),
    icon: dir === 'in' ? 'arrow-left' : 'arrow-right',
    warn: outside,
    children: e.grants.map((g) => ({
      label: `${g.policy} ${g.direction.toLowerCase()}[${g.rule}]`,
      description: g.ports.join(', '),
      tooltip: `${g.where.file}:${g.where.range.start.line + 1}`,
      icon: 'shield',
      location: g.where,
      children: [],
    })),
  };
}

export function postureTree(o: PostureOverview): TreeNode[] {
  const incoming = new Map<string, Edge[]>(), outgoing = new Map<string, Edge[]>();
  for (const e of o.edges) {
    (incoming.get(e.to) ?? incoming.set(e.to, []).get(e.to)!).push(e);
    (outgoing.get(e.from) ?? outgoing.set(e.from, []).get(e.from)!).push(e);
  }
  const out: TreeNode[] = o.namespaces.map((ns) => ({
    label: ns.name,
    description: `${ns.level}${ns.version !== 'latest' ? ` ${ns.version}` : ''}${ns.own ? '' : ' (default)'}`,
    tooltip: `Pod Security level ${ns.level} (${ns.own ? 'the namespace\'s own' : 'the settings\' default'}); ${ns.workloads.length} workload(s)`,
    icon: 'symbol-namespace',
    children: ns.workloads.map((w) => {
      const open = [w.ingressOpen && 'ingress', w.egressOpen && 'egress'].filter(Boolean) as string[];
      const flows = [...(incoming.get(w.id) ?? []).map((e) => edgeNode(e, 'in')), ...(outgoing.get(w.id) ?? []).map((e) => edgeNode(e, 'out'))];
      return {
        label: `${w.kind} ${w.name}`,
        description: open.length ? `default-allow ${open.join(' and ')}` : undefined,
        tooltip: open.length ? `No NetworkPolicy selects it for ${open.join(' or ')}: all such traffic is allowed` : 'Isolated by NetworkPolicies in both directions',
        icon: open.length ? 'unlock' : 'lock',
        warn: open.length > 0,
        location: w.where,
        children: flows,
      };
    }),
  }));
  if (o.truncated) out.push({ label: 'More workloads than the view computes edges for', icon: 'warning', warn: true, children: [] });
  for (const p of o.problems) out.push({ label: `Not read: ${p.message}`, icon: 'error', warn: true, location: p.where, children: [] });
  return out;
}

/**
 * The "who can" query box's text as `palisade.whoCan` arguments: `VERB RESOURCE [-n NS | -A] [--name N]`,
 * or `KIND:NAME` (what it can do). Undefined when it is neither.
 */
export function parseWhoCanQuery(text: string): Record<string, unknown> | undefined {
  const words = text.trim().split(/\s+/).filter(Boolean);
  if (words.length === 1 && /^(user|group|serviceaccount|sa):./i.test(words[0])) return { subject: words[0] };
  if (words.length < 2) return undefined;
  const out: Record<string, unknown> = { verb: words[0], resource: words[1] };
  for (let i = 2; i < words.length; i++) {
    const w = words[i];
    if ((w === '-n' || w === '--namespace') && words[i + 1]) out.namespace = words[++i];
    else if (w === '-A' || w === '--all-namespaces') out.allNamespaces = true;
    else if (w === '--name' && words[i + 1]) out.name = words[++i];
    else return undefined;
  }
  return out;
}

/** The query's answer as pick items: one per grant, which opens the binding's subject line. */
export function whoCanItems(a: import('../../server/src/engine/posture/whocan').WhoAnswer): { label: string; description: string; detail: string; location?: Where }[] {
  return a.rows.map((r) => ({
    label: r.subject.kind === 'ServiceAccount' ? `ServiceAccount ${r.subject.namespace}/${r.subject.name}` : `${r.subject.kind} ${r.subject.name}`,
    description: `${r.binding.kind} ${r.binding.namespace ? `${r.binding.namespace}/` : ''}${r.binding.name} (${r.scope ? `namespace ${r.scope}` : 'cluster-wide'})`,
    detail: r.rule.text,
    location: r.subject.where ?? r.binding.where,
  }));
}

/** The reach query box's text as `palisade.reach` arguments: `FROM TO [PORT[/PROTOCOL]]`. */
export function parseReachQuery(text: string): { from: string; to: string; port?: string } | undefined {
  const w = text.trim().split(/\s+/).filter(Boolean);
  if (w.length < 2 || w.length > 3) return undefined;
  return w.length === 3 ? { from: w[0], to: w[1], port: w[2] } : { from: w[0], to: w[1] };
}

/** One line saying the answer, and the places to open: the rules that allow it, else the policies that isolate. */
export function reachSummary(a: import('../../server/src/engine/posture/reach').ReachAnswer): { message: string; open: { label: string; where: Where }[] } {
  const on = a.port ? ` on ${a.port}` : '';
  const grants = [...(a.egress?.grants ?? []), ...(a.ingress?.grants ?? [])];
  if (a.allowed) {
    const by = grants.length ? `, by ${grants.map((g) => `${g.policy} ${g.direction.toLowerCase()}[${g.rule}]`).join(' and ')}` : '';
    const open = [a.egress, a.ingress].filter((s) => s && !s.isolated).length;
    return {
      message: `${a.from} → ${a.to}: allowed${on}${a.port ? '' : ` (${a.ports.join(', ')})`}${by}${open ? `; ${open === 2 ? 'neither side is' : 'one side is not'} selected by a NetworkPolicy` : ''}.`,
      open: grants.map((g) => ({ label: `Open ${g.policy} ${g.direction.toLowerCase()}[${g.rule}]`, where: g.where })),
    };
  }
  const isolating = [...(a.egress?.selectedBy ?? []), ...(a.ingress?.selectedBy ?? [])];
  return {
    message: `${a.from} → ${a.to}: denied${on}; no rule of ${isolating.map((p) => p.policy).join(', ')} allows it.`,
    open: isolating.map((p) => ({ label: `Open ${p.policy}`, where: p.where })),
  };
}
