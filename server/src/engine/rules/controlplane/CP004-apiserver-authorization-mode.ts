import { ruleMeta } from '../../rule';
import { componentRule, listFlag, itemLoc } from './flags';
import { addFlag, removeFromList, replaceValue } from './flagfix';
import * as fix from '../../fix';
import type { OffsetEdit } from '../../types';

const MODES = ['AlwaysAllow', 'AlwaysDeny', 'ABAC', 'Webhook', 'RBAC', 'Node'];

export default componentRule(
  ruleMeta({
    id: 'CP004', name: 'apiserver-authorization-mode', title: 'The API server must not authorize with AlwaysAllow',
    severity: 'error',
    peers: ['checkov:CKV_K8S_74', 'trivy:KCV-0007'],
    cis: ['1.2.6'],
    fix: 'unsafe',
    docs: {
      description: 'A kube-apiserver container does not set `--authorization-mode` (the flag defaults to `AlwaysAllow`), includes `AlwaysAllow`, or names an unknown mode (names are case-sensitive; an unknown name stops the API server). That `Node` and `RBAC` are in the list has its own ids, CP028 and CP029.',
      rationale: '`AlwaysAllow` authorizes every authenticated request: any service account token is cluster admin.',
      remediation: 'Set `--authorization-mode=Node,RBAC` (add `Webhook` if you use an authorization webhook), or configure the equivalent authorizers with `--authorization-config`. The quick fix removes `AlwaysAllow` (or sets `Node,RBAC` when it was the only mode, or the flag is missing) and corrects the case of a mode name.',
      example: { bad: 'command:\n  - kube-apiserver\n  - --authorization-mode=AlwaysAllow\n', good: 'command:\n  - kube-apiserver\n  - --authorization-mode=Node,RBAC\n' },
    },
  }),
  ['kube-apiserver'],
  (c, ctx) => {
    const { items, flags } = listFlag(c, 'authorization-mode');
    if (!flags.length) {
      if (c.flags.some((f) => f.name === 'authorization-config')) return;
      ctx.report({ loc: c.headLoc, peers: [], message: `${c.who}: --authorization-mode is not set and defaults to AlwaysAllow: every authenticated request is allowed. Set --authorization-mode=Node,RBAC.`, fixes: fix.unsafe('Add --authorization-mode=Node,RBAC', addFlag(c, ctx, '--authorization-mode=Node,RBAC')) });
      return;
    }
    const onlyAlwaysAllow = items.every((m) => m === 'AlwaysAllow');
    for (const f of flags) {
      for (const m of (f.value ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
        if (m === 'AlwaysAllow') {
          let edits: OffsetEdit[] | undefined;
          if (!onlyAlwaysAllow) edits = removeFromList(c, f, ctx.text, m);
          else if (f === flags[flags.length - 1]) edits = replaceValue(f, ctx.text, 'Node,RBAC');
          ctx.report({ loc: itemLoc(f, m, ctx.text), message: `${c.who}: --authorization-mode includes AlwaysAllow, which allows every authenticated request whatever the other authorizers say. Remove it.`, fixes: fix.unsafe(onlyAlwaysAllow ? 'Set --authorization-mode=Node,RBAC' : 'Remove AlwaysAllow from --authorization-mode', edits) });
        } else if (!MODES.includes(m)) {
          const right = MODES.find((x) => x.toLowerCase() === m.toLowerCase());
          const at = itemLoc(f, m, ctx.text);
          const edits = right && at[1] - at[0] === m.length ? [{ start: at[0], end: at[1], newText: right }] : undefined;
          ctx.report({ loc: at, peers: [], message: `${c.who}: --authorization-mode has unknown mode '${m}'${right ? ` (mode names are case-sensitive: '${right}')` : ''}; the API server will not start. Use ${right ?? 'Node, RBAC or Webhook'}.`, fixes: fix.unsafe(`Write ${right} for ${m}`, edits) });
        }
      }
    }
  },
);
