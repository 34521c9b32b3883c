import { defineRule } from '../../rule';
import { replaceScalar, deletePairLines } from '../shared/objects';
import { exposure, Job } from './workflow';
import { workflowsOf, localCallee, needOf, grantOf, permissionsOf, describeGrant, mayBeWorkflow, DEFAULT_TOKEN, LEVELS, Grant } from './reusable';
import type { FixDef, OffsetEdit } from '../../types';
import type { YView } from '../../yaml/nodes';

/** `{ contents: read, id-token: write }`, `{}` for nothing. */
const flow = (g: Grant) => { const d = describeGrant(g); return d === 'no scope' ? '{}' : `{ ${d} }`; };

/**
 * The edits that narrow a calling job's permissions to `target` (never above what it has): its own
 * block, value by value (a scope going to none is deleted when it is alone on its line and others
 * remain, else set to `none`), its `read-all`/`write-all` replaced by the scopes, or, when the job
 * takes the workflow's permissions or the default, a block of its own after its `uses:` line.
 */
function narrowEdits(text: string, job: Job, own: YView, usesV: YView, target: Grant): OffsetEdit[] | undefined {
  if (own.isMap) {
    const entries = own.entries();
    const keeps = entries.some(([s]) => target[s] > 0);
    const edits: OffsetEdit[] = [];
    for (const [s, v] of entries) {
      const level = v.str === undefined ? undefined : LEVELS.indexOf(v.str);
      if (level === undefined || level <= target[s]) continue;
      const del = target[s] === 0 && keeps ? deletePairLines(v, text) : undefined;
      edits.push(del ?? replaceScalar(v, text, LEVELS[target[s]]));
    }
    return edits;
  }
  if (own.isScalar) return [{ start: own.loc[0], end: own.loc[1], newText: flow(target) }];
  const key = usesV.keyLoc;
  const jobKey = job.view.keyLoc;
  if (!key || !jobKey) return undefined;
  const lineStart = text.lastIndexOf('\n', key[0] - 1) + 1;
  const indent = text.slice(lineStart, key[0]);
  if (indent.trim() !== '') return undefined; // a flow mapping: no block to add to
  const jobCol = jobKey[0] - (text.lastIndexOf('\n', jobKey[0] - 1) + 1);
  const step = ' '.repeat(indent.length > jobCol ? indent.length - jobCol : 2);
  const eol = /\r\n/.test(text) ? '\r\n' : '\n';
  const scopes = Object.keys(target).filter((s) => target[s] > 0);
  const lines = scopes.length ? [`${indent}permissions:`, ...scopes.map((s) => `${indent}${step}${s}: ${LEVELS[target[s]]}`)] : [`${indent}permissions: {}`];
  const nl = text.indexOf('\n', usesV.loc[1]);
  if (nl < 0) return [{ start: text.length, end: text.length, newText: eol + lines.join(eol) }];
  return [{ start: nl + 1, end: nl + 1, newText: lines.join(eol) + eol }];
}

export default defineRule('workspace', {
    id: 'GHA018', name: 'gha-reusable-workflow-permissions', title: 'Reusable workflow called with more token permissions than it needs', severity: 'warning', language: 'github-actions',
    peers: ['zizmor:excessive-permissions'],
    docs: {
      description: 'A job calls a reusable workflow (`uses: ./.github/workflows/x.yml` or `owner/repo/.github/workflows/x.yml@ref`) and its GITHUB_TOKEN permissions (the job\'s `permissions`, else the workflow\'s, else the repository default, which is read-write on every scope in permissive repositories) grant more than the called workflow can use. A called job runs with the permissions it declares, capped by the caller\'s, so when every job of a local called workflow (another file of the workspace) declares its permissions, the caller needs at most their union: the scopes above it are reported. A called workflow in another repository cannot be read, nor can a local one whose jobs take the caller\'s permissions as they are; then, as zizmor\'s `excessive-permissions` does for reusable-workflow call jobs, only a caller with no permissions block at all (the default token) or with `write-all` is reported. Severity: an error with `write-all`, or with write scopes on a privileged trigger (`pull_request_target`, `workflow_run`, `issue_comment`, ...), a warning otherwise, information when the excess is read access only.',
      rationale: 'Everything the caller grants is available to the called workflow\'s jobs as far as they ask for it, and to whoever changes the called file: a test workflow called with `contents: write` and `packages: write` keeps those rights the day a step or action in it is compromised. Callers are responsible for the permissions of reusable workflows; the called file alone cannot narrow a broad default it inherits.',
      remediation: 'Give the calling job its own `permissions` with exactly the scopes the called workflow declares. The quick fix writes them: it lowers or removes the excess scopes of the job\'s block, or adds a block after `uses:`. It is safe when the caller had explicit permissions (each called job keeps exactly the token it had: what it declares, capped by the caller), and unsafe when the caller relied on the repository default: the written scopes may exceed a restricted default (contents and packages read), so the called jobs may then get rights they did not have.',
      example: {
        bad: '# .github/workflows/ci.yml\non: push\npermissions:\n  contents: write\n  packages: write\njobs:\n  test:\n    uses: ./.github/workflows/test.yml\n\n# .github/workflows/test.yml\non: workflow_call\njobs:\n  unit:\n    permissions:\n      contents: read\n    runs-on: ubuntu-latest\n    steps:\n      - run: make test\n',
        good: '# .github/workflows/ci.yml\non: push\npermissions:\n  contents: write\n  packages: write\njobs:\n  test:\n    uses: ./.github/workflows/test.yml\n    permissions:\n      contents: read\n',
      },
    },
    fix: 'safe',
}, (model, ctx) => {
    const ix = workflowsOf(model);
    for (const w of ix.all) {
      const wf = w.wf;
      if (!wf) continue;
      const { severity: exposed, why } = exposure(wf);
      const reusableOnly = wf.triggers.size === 1 && wf.triggers.has('workflow_call');
      for (const job of wf.jobs) {
        const usesV = job.view.get('uses');
        const uses = usesV.string;
        if (!uses) continue;
        const own = job.view.get('permissions');
        const block = permissionsOf(wf, job);
        const grant = block ? grantOf(block) : 'inherit';
        if (grant === 'invalid') continue; // GHA014
        const isDefault = grant === 'inherit';
        // a workflow only ever called by others, without permissions: its jobs get its caller's, not
        // the default, and what it needs counts at that caller (needOf)
        if (isDefault && reusableOnly) continue;
        const have = isDefault ? DEFAULT_TOKEN : grant;
        const loc = own.exists ? (own.isScalar ? own.loc : own.keyLoc ?? own.loc) : usesV.pairLoc;
        const source = own.exists ? 'its permissions' : block ? 'the workflow\'s permissions' : 'the repository\'s default token (no permissions block in the job or the workflow, often read-write on every scope)';
        const base = { file: w.src.file, lines: w.src.lines, loc };
        const callee = localCallee(ix, w.src.file, uses);
        const need = callee ? needOf(ix, callee) : undefined;
        if (callee && need) {
          const excess = Object.keys(have).filter((s) => have[s] > need[s]);
          if (!excess.length) continue;
          const target: Grant = {};
          for (const s of Object.keys(have)) target[s] = isDefault ? need[s] : Math.min(have[s], need[s]);
          const writes = excess.some((s) => have[s] === 2);
          const severity = !writes ? 'info' as const : exposed === 'error' ? 'error' as const : undefined;
          const edits = narrowEdits(w.src.text, job, own, usesV, target);
          const fixes: FixDef[] = edits?.length ? [{ title: `Narrow job '${job.id}' permissions to what ${uses} declares`, applicability: isDefault ? 'unsafe' : 'safe', edits }] : [];
          ctx.report({
            ...base, severity, fixes,
            message: `job '${job.id}' calls ${uses} with ${source}, granting ${describeGrant(have, excess)}, more than the called workflow's jobs declare (${describeGrant(need)} at most); narrow the job's permissions to ${flow(target)}${severity === 'error' ? `; ${why}` : ''}.`,
            related: callee.wf ? [{ file: callee.src.file, index: callee.src.lines, loc: callee.wf.jobsView.keyLoc ?? [0, 0], message: `the called workflow's jobs declare ${describeGrant(need)} at most` }] : undefined,
          });
          continue;
        }
        const writeAll = block?.str === 'write-all';
        if (!isDefault && !writeAll) continue;
        const unread = callee?.wf ? `${uses} ${callee.wf.triggers.has('workflow_call') ? 'lets its jobs take the caller\'s permissions as they are' : 'is not a reusable workflow (no workflow_call trigger)'}` : callee ? `${uses} is not a workflow that could be analysed` : uses.startsWith('./') ? `${uses} is not among the scanned files` : `${uses} cannot be read here`;
        if (writeAll) {
          ctx.report({ ...base, severity: 'error', message: `job '${job.id}' calls ${uses} with permissions: write-all (${own.exists ? 'the job\'s' : 'the workflow\'s'}): every scope of the token is writable by the called workflow, and ${unread}; give the job only the scopes the called workflow needs.` });
        } else {
          ctx.report({ ...base, severity: exposed === 'error' ? 'error' : undefined, message: `job '${job.id}' calls ${uses} with ${source}; ${unread}, so give the job a permissions block with the scopes it needs (e.g. contents: read)${exposed === 'error' ? `; ${why}` : ''}.` });
        }
      }
    }
}, { readsText: mayBeWorkflow });
