/**
 * Posture questions over the workspace's objects (workspace/executeCommand), for any LSP editor:
 *  - `palisade.reach` ({from, to, port?}): is traffic from `from` to `to` allowed by the NetworkPolicies
 *    (`namespace/workload`, `namespace/Kind/name`, an address or CIDR; `port`: `80`, `53/UDP`, a
 *    container port name of `to`). Returns the engine's ReachAnswer: `allowed`, `ports`, the policies
 *    selecting each side and the rules that allow it, each with `where: {file: URI, range}`.
 *  - `palisade.whoCan` ({verb, resource, namespace?, name?, allNamespaces?} or {subject: 'KIND:NAME'},
 *    and `defaults?: boolean`): who the RBAC bindings let make the request, or what the subject can do.
 *    Returns `{question, rows, problems, notes}`; each row names the subject, binding, role and rule,
 *    with their locations (a role that is Kubernetes' default, not in the files: `role.builtin`, no
 *    location). With `defaults: true`, also `defaults`: the grants of Kubernetes' default
 *    ClusterRoleBindings (`binding.builtin`, no location).
 *  - `palisade.posture` (no argument): the namespaces with their Pod Security level, their workloads
 *    (those no NetworkPolicy isolates flagged) and the allowed edges with their rules (for the view).
 * `problems` lists what could not be read (the answer may then be wrong); a question that cannot be
 * asked (an unknown workload, a malformed port) is an InvalidParams error.
 */
import { ResponseError, ErrorCodes, ExecuteCommandParams } from 'vscode-languageserver/node';
import type { WorkspaceModel } from '../engine/rule';
import type { Settings } from '../engine/settings';
import { lookup } from '../engine/own';
import { overview, PostureOverview } from '../engine/posture/overview';
import { networkOf, findEndpoint, reach, parsePort, ReachAnswer } from '../engine/posture/reach';
import { rbacOf, whoCan, whatCan, parseRequest, parseSubject, showSubject, WhoAnswer } from '../engine/posture/whocan';

export const POSTURE_COMMANDS = ['palisade.reach', 'palisade.whoCan', 'palisade.posture'];

const invalid = (m: string) => new ResponseError(ErrorCodes.InvalidParams, `palisade: ${m}`);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** `settings`: the workspace's (Namespace labels and `.palisade.yaml` namespaces merged), for the levels. */
export function postureCommand(model: WorkspaceModel, params: ExecuteCommandParams, settings?: Settings): ReachAnswer | (WhoAnswer & { question: string }) | PostureOverview {
  if (params.command === 'palisade.posture') {
    return overview(model, (ns) => {
      const own = settings ? lookup(settings.namespaces, ns) : undefined;
      const s = own ?? settings?.podSecurity ?? { level: 'restricted', version: 'latest' };
      return { level: s.level, version: s.version, own: !!own };
    });
  }
  const a = (params.arguments?.[0] ?? {}) as Record<string, unknown>;
  if (typeof a !== 'object' || a === null) throw invalid(`${params.command} takes one object argument`);
  if (params.command === 'palisade.reach') {
    const fromText = str(a.from), toText = str(a.to);
    if (!fromText || !toText) throw invalid('palisade.reach needs {from, to}');
    const net = networkOf(model);
    const from = findEndpoint(net, fromText), to = findEndpoint(net, toText);
    if ('error' in from) throw invalid(`from: ${from.error}`);
    if ('error' in to) throw invalid(`to: ${to.error}`);
    let port;
    if (a.port !== undefined) {
      const p = parsePort(String(a.port), to);
      if ('error' in p) throw invalid(p.error);
      port = p;
    }
    return reach(net, from, to, port);
  }
  if (params.command === 'palisade.whoCan') {
    const rbac = rbacOf(model);
    if (a.defaults !== undefined && typeof a.defaults !== 'boolean') throw invalid('palisade.whoCan: defaults is true or false');
    const opts = { defaults: a.defaults === true };
    if (a.subject !== undefined) {
      const s = parseSubject(String(a.subject));
      if ('error' in s) throw invalid(s.error);
      return { question: `what ${showSubject(s)} can do`, ...whatCan(rbac, s, opts) };
    }
    const verb = str(a.verb), resource = str(a.resource);
    if (!verb || !resource) throw invalid('palisade.whoCan needs {verb, resource} or {subject}');
    const r = parseRequest(verb, resource, a.allNamespaces === true ? '*' : str(a.namespace), str(a.name));
    if ('error' in r) throw invalid(r.error);
    return { question: `who can ${verb} ${resource}`, ...whoCan(rbac, r, opts) };
  }
  throw invalid(`unknown command ${params.command}`);
}
