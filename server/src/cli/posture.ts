/**
 * `palisade reach` and `palisade who-can`: posture questions over the manifests of the named paths
 * (the engine's ../engine/posture). Exit codes: 0 allowed / somebody can, 1 denied / nobody,
 * 2 usage error or content that could not be read (then the answer may be wrong, and CI must not pass).
 */
import * as path from 'path';
import { parseArgs } from 'util';
import { collectFiles } from '../workspace/files';
import { readText } from '../workspace/read';
import { fileKindOf } from '../engine/analyze';
import { modelOf, Problem, showWhere } from '../engine/posture/common';
import { networkOf, findEndpoint, reach, parsePort, describeEndpoint, ReachAnswer, SideAnswer } from '../engine/posture/reach';
import { rbacOf, whoCan, whatCan, authorize, userOf, parseRequest, parseSubject, showSubject, WhoAnswer, Request, GrantRow, DefaultGrantRow, BUILTIN } from '../engine/posture/whocan';
import type { Io } from './main';

export const REACH_USAGE = `Usage:
  palisade reach FROM TO [--port PORT[/PROTOCOL]] [paths...] [--format text|json]
      FROM, TO: namespace/workload (or namespace/pod, namespace/Kind/name, or a name in default),
      or an address or CIDR outside the cluster (a CIDR: allowed when some address of it is)
      --port: a number or a container port name of TO; protocol TCP (default), UDP or SCTP.
      Without --port: the ports on which traffic is allowed.
Exit codes: 0 allowed, 1 denied, 2 usage error or manifests that could not be read.
`;
export const WHO_CAN_USAGE = `Usage:
  palisade who-can VERB RESOURCE [-n NAMESPACE | -A] [--name NAME] [paths...] [--format text|json]
      RESOURCE: pods, pods/exec, deployments.apps/scale, widgets.example.com, or a /non-resource-url;
      without -n the request is cluster-wide (only ClusterRoleBindings grant it); -A: in any namespace
      --as KIND:NAME: only whether that subject can (kubectl auth can-i --as, from the files' bindings)
  palisade who-can --subject KIND:NAME [paths...] [--format text|json]
      what the subject can do: User:alice, Group:system:authenticated, ServiceAccount:NAMESPACE/NAME
  Kubernetes' default ClusterRoles (cluster-admin, admin, edit, view, system:*) are known where the
  files do not define them. --defaults: count Kubernetes' default ClusterRoleBindings too (system:masters
  is cluster-admin, ...), listed apart; --no-defaults (the default): only the files' bindings.
Exit codes: 0 somebody can (or the subject can do something), 1 nobody (nothing), 2 usage error or
manifests that could not be read.
`;

class Usage extends Error {}

function parse(args: string[], options: NonNullable<NonNullable<Parameters<typeof parseArgs>[0]>['options']>): { values: Record<string, string | boolean | undefined>; positionals: string[] } {
  try {
    const r = parseArgs({ args, options, allowPositionals: true, strict: true });
    return { values: r.values as Record<string, string | boolean | undefined>, positionals: r.positionals };
  } catch (e) { throw new Usage((e as Error).message); }
}

/** The YAML files of the paths (default: .), read; what cannot be read is a problem. */
function load(paths: string[], io: Io) {
  const inputs = (paths.length ? paths : ['.']).map((p) => path.resolve(io.cwd, p));
  const walk = collectFiles(inputs, () => false, io.cwd);
  const rel = (f: string) => path.relative(io.cwd, f) || f;
  const problems: Problem[] = walk.errors.map((e) => ({ message: `${rel(e.file)}: ${e.message}` }));
  const texts: { file: string; text: string }[] = [];
  for (const f of [...walk.files, ...walk.streams].sort()) {
    if (fileKindOf(f) !== 'yaml') continue;
    const r = readText(f);
    if (r.text === undefined) problems.push({ message: `${rel(f)}: ${r.error ?? 'cannot read'}` });
    else texts.push({ file: rel(f), text: r.text });
  }
  if (!texts.length && !problems.length) problems.push({ message: `no YAML file in ${paths.length ? paths.join(', ') : '.'}` });
  const m = modelOf(texts);
  return { model: m.model, problems: [...problems, ...m.problems] };
}

function showProblems(problems: Problem[], io: Io): void {
  for (const p of problems) io.err(`palisade: error: ${p.where ? `${showWhere(p.where)}: ` : ''}${p.message} (the answer may be wrong)\n`);
}

async function guarded(io: Io, usage: string, f: () => number): Promise<number> {
  try { return f(); } catch (e) {
    if (e instanceof Usage) { io.err(`palisade: ${e.message}\n\n${usage}`); return 2; }
    throw e;
  }
}

export function reachCommand(args: string[], io: Io): Promise<number> {
  return guarded(io, REACH_USAGE, () => {
    const { values, positionals } = parse(args, { port: { type: 'string' }, format: { type: 'string', default: 'text' }, help: { type: 'boolean', short: 'h' } });
    if (values.help) { io.out(REACH_USAGE); return 0; }
    if (values.format !== 'text' && values.format !== 'json') throw new Usage('--format must be text or json');
    if (positionals.length < 2) throw new Usage('reach needs FROM and TO');
    const [fromText, toText, ...paths] = positionals;
    const { model, problems } = load(paths, io);
    const net = networkOf(model);
    const from = findEndpoint(net, fromText), to = findEndpoint(net, toText);
    if ('error' in from) throw new Usage(`FROM: ${from.error}`);
    if ('error' in to) throw new Usage(`TO: ${to.error}`);
    let port;
    if (values.port !== undefined) {
      const p = parsePort(values.port as string, to);
      if ('error' in p) throw new Usage(p.error);
      port = p;
    }
    const a = reach(net, from, to, port);
    a.problems.unshift(...problems);
    if (values.format === 'json') io.out(JSON.stringify(a, null, 2) + '\n');
    else io.out(reachText(a, describeEndpoint(from), describeEndpoint(to)));
    showProblems(a.problems, io);
    return a.problems.length ? 2 : a.allowed ? 0 : 1;
  });
}

function reachText(a: ReachAnswer, from: string, to: string): string {
  const out: string[] = [];
  const on = a.port ? ` on ${a.port}` : '';
  out.push(a.allowed ? `ALLOWED ${from} -> ${to}${on}${a.port ? '' : `: ${a.ports.join(', ')}`}` : `DENIED ${from} -> ${to}${on}`);
  const side = (name: string, s: SideAnswer | null) => {
    if (!s) { out.push(`  ${name}: outside the cluster, no NetworkPolicy applies`); return; }
    if (!s.isolated) { out.push(`  ${name}: no NetworkPolicy selects it, everything is allowed`); return; }
    out.push(`  ${name}: selected by ${s.selectedBy.map((p) => `${p.policy} (${showWhere(p.where)})`).join(', ')}`);
    if (!s.grants.length) out.push(`    no rule allows it${s.ports.length ? ` (they allow ${s.ports.join(', ')} to this peer)` : ''}`);
    for (const g of s.grants) out.push(`    allowed by ${g.policy} ${g.direction.toLowerCase()}[${g.rule}] on ${g.ports.join(', ')}  ${showWhere(g.where)}`);
  };
  side(`egress of ${from}`, a.egress);
  side(`ingress of ${to}`, a.ingress);
  for (const n of a.notes) out.push(`  note: ${n}`);
  return out.join('\n') + '\n';
}

export function whoCanCommand(args: string[], io: Io): Promise<number> {
  return guarded(io, WHO_CAN_USAGE, () => {
    const { values, positionals } = parse(args, {
      namespace: { type: 'string', short: 'n' }, 'all-namespaces': { type: 'boolean', short: 'A' }, name: { type: 'string' },
      subject: { type: 'string' }, as: { type: 'string' }, format: { type: 'string', default: 'text' }, help: { type: 'boolean', short: 'h' },
      defaults: { type: 'boolean' }, 'no-defaults': { type: 'boolean' },
    });
    if (values.help) { io.out(WHO_CAN_USAGE); return 0; }
    if (values.format !== 'text' && values.format !== 'json') throw new Usage('--format must be text or json');
    if (values.defaults && values['no-defaults']) throw new Usage('--defaults and --no-defaults exclude each other');
    const opts = { defaults: !!values.defaults };
    let answer: WhoAnswer, title: string, paths: string[];
    if (values.subject !== undefined) {
      if (values.namespace !== undefined || values['all-namespaces'] || values.name !== undefined || values.as !== undefined) throw new Usage('--subject takes no -n, -A, --name or --as');
      const s = parseSubject(values.subject as string);
      if ('error' in s) throw new Usage(s.error);
      paths = positionals;
      const { model, problems } = load(paths, io);
      answer = whatCan(rbacOf(model), s, opts);
      answer.problems.unshift(...problems);
      title = `what ${showSubject(s)} can do`;
    } else {
      if (positionals.length < 2) throw new Usage('who-can needs VERB and RESOURCE, or --subject');
      if (values.namespace !== undefined && values['all-namespaces']) throw new Usage('-n and -A exclude each other');
      const [verb, resource] = positionals;
      paths = positionals.slice(2);
      const ns = values['all-namespaces'] ? '*' : (values.namespace as string | undefined);
      const r = parseRequest(verb, resource, ns, values.name as string | undefined);
      if ('error' in r) throw new Usage(r.error);
      if ('nonResourceURL' in r && (ns !== undefined || values.name !== undefined)) throw new Usage('a non-resource URL takes no namespace or --name');
      const { model, problems } = load(paths, io);
      if (values.as !== undefined) {
        const s = parseSubject(values.as as string);
        if ('error' in s) throw new Usage(s.error.replace('--subject', '--as'));
        answer = authorize(rbacOf(model), userOf(s), r, opts);
        title = `can ${showSubject(s)} ${describeRequest(r)}`;
      } else {
        answer = whoCan(rbacOf(model), r, opts);
        title = `who can ${describeRequest(r)}`;
      }
      answer.problems.unshift(...problems);
    }
    if (values.format === 'json') io.out(JSON.stringify({ question: title, ...answer }, null, 2) + '\n');
    else io.out(whoText(title, answer, values.subject !== undefined ? 'nothing, in the files' : values.as !== undefined ? 'no, not by the files\' bindings' : 'nobody, in the files'));
    showProblems(answer.problems, io);
    return answer.problems.length ? 2 : answer.rows.length || answer.defaults?.length ? 0 : 1;
  });
}

function describeRequest(r: Request): string {
  if ('nonResourceURL' in r) return `${r.verb} ${r.nonResourceURL}`;
  const res = `${r.resource}${r.apiGroup ? `.${r.apiGroup}` : ''}${r.subresource ? `/${r.subresource}` : ''}`;
  const where = r.namespace === '*' ? ' in any namespace' : r.namespace ? ` in namespace ${r.namespace}` : ' cluster-wide';
  return `${r.verb} ${res}${r.name ? ` named ${r.name}` : ''}${where}`;
}

function whoText(title: string, a: WhoAnswer, empty: string): string {
  const out = [a.rows.length ? `${title}:` : `${title}: ${empty}`];
  const line = (r: GrantRow | DefaultGrantRow, indent: string) => {
    const scope = r.scope ? `namespace ${r.scope}` : 'cluster-wide';
    const binding = `${r.binding.kind} ${r.binding.namespace ? `${r.binding.namespace}/` : ''}${r.binding.name}${'where' in r.binding ? '' : ` (${BUILTIN})`}`;
    out.push(`${indent}${showSubject(r.subject)}  via ${binding} to ${r.role.kind} ${r.role.name}${r.role.builtin ? ` (${BUILTIN})` : ''} (${scope})${'where' in r.binding ? `  ${showWhere(r.binding.where)}` : ''}`);
    out.push(`${indent}  ${r.rule.text}${r.rule.where ? `  ${showWhere(r.rule.where)}` : ''}`);
  };
  for (const r of a.rows) line(r, '  ');
  if (a.defaults?.length) {
    out.push(`  by Kubernetes' default ClusterRoleBindings:`);
    for (const r of a.defaults) line(r, '    ');
  }
  for (const n of a.notes) out.push(`  note: ${n}`);
  return out.join('\n') + '\n';
}
