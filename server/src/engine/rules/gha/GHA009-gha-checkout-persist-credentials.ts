import { ruleMeta } from '../../rule';
import { workflowRule, stepName, parseUses, scalarText, isShaPinned, Step } from './workflow';
import type { FixDef } from '../../types';

const WORKSPACE_PATH = /^\s*(\.\/?|\*+|\$\{\{\s*github\.workspace\s*\}\}\/?)\s*$/;

/** The first later step of the job that uploads the whole workspace (where the checkout wrote .git/config) as an artifact. */
function workspaceUpload(s: Step, text: string): Step | undefined {
  return s.job.steps.slice(s.index + 1).find((x) => {
    const p = x.uses ? parseUses(x.uses) : undefined;
    if (!p || !/^actions\/upload-(pages-)?artifact$/i.test(p.action)) return false;
    const path = scalarText(x.view.at('with', 'path'), text);
    return path !== undefined && path.split('\n').some((l) => WORKSPACE_PATH.test(l));
  });
}

/** Adds `persist-credentials: false` under the step's `with:` (creating it after `uses:` when missing). */
function persistFix(s: Step, text: string): FixDef | undefined {
  const eol = /\r\n/.test(text) ? '\r\n' : '\n';
  const colOf = (off: number) => off - (text.lastIndexOf('\n', off - 1) + 1);
  const lineEndAfter = (off: number) => { let e = text.indexOf('\n', off); if (e < 0) e = text.length; else if (text[e - 1] === '\r') e--; return e; };
  const w = s.view.get('with');
  const usesKey = s.usesView.keyLoc;
  if (!usesKey) return undefined;
  const keyCol = colOf(usesKey[0]);
  if (!w.exists || w.isNull) {
    if (w.exists) { // `with:` with nothing under it
      const k = w.keyLoc!;
      return { title: 'Set persist-credentials: false', applicability: 'safe', edits: [{ start: lineEndAfter(k[1]), end: lineEndAfter(k[1]), newText: `${eol}${' '.repeat(colOf(k[0]) + 2)}persist-credentials: false` }] };
    }
    if (text.slice(usesKey[0], s.usesView.loc[1]).includes('\n')) return undefined;
    const at = lineEndAfter(s.usesView.loc[1]);
    return { title: 'Set persist-credentials: false', applicability: 'safe', edits: [{ start: at, end: at, newText: `${eol}${' '.repeat(keyCol)}with:${eol}${' '.repeat(keyCol + 2)}persist-credentials: false` }] };
  }
  if (!w.isMap) return undefined;
  const entries = w.entries();
  const raw = text.slice(w.loc[0], w.loc[1]);
  if (raw.startsWith('{')) {
    if (!entries.length) return { title: 'Set persist-credentials: false', applicability: 'safe', edits: [{ start: w.loc[0], end: w.loc[1], newText: '{ persist-credentials: false }' }] };
    const last = entries[entries.length - 1][1].loc[1];
    return { title: 'Set persist-credentials: false', applicability: 'safe', edits: [{ start: last, end: last, newText: ', persist-credentials: false' }] };
  }
  if (!entries.length) return undefined;
  const first = entries[0][1].keyLoc;
  const last = entries[entries.length - 1][1];
  if (!first) return undefined;
  const end = Math.max(last.loc[1], last.keyLoc?.[1] ?? 0);
  // after the last entry's last line (a block scalar ends at the start of the next line)
  const at = text[end - 1] === '\n' ? end - 1 - (text[end - 2] === '\r' ? 1 : 0) : lineEndAfter(end);
  return { title: 'Set persist-credentials: false', applicability: 'safe', edits: [{ start: at, end: at, newText: `${eol}${' '.repeat(colOf(first[0]))}persist-credentials: false` }] };
}

export default workflowRule(
  ruleMeta({
    id: 'GHA009', name: 'gha-checkout-persist-credentials', title: 'actions/checkout leaves the token in .git/config (persist-credentials)', severity: 'error', language: 'github-actions',
    peers: ['zizmor:artipacked'],
    docs: {
      description: '`actions/checkout` is used without `persist-credentials: false`. By default it writes the job\'s GITHUB_TOKEN (or the token given in `with.token`) into `.git/config` of the checked-out repository, where it stays for every later step of the job. The finding is an error when a later step uploads the workspace as an artifact (`actions/upload-artifact` with `path: .`), a warning otherwise, and information for `actions/checkout` v6 and later (by tag, or by the tag in the comment after a SHA), which keeps the credential under `$RUNNER_TEMP` instead of in the workspace. A `persist-credentials` written explicitly (`true`, or an expression) is taken as intended and not reported.',
      rationale: 'Any later step (a third-party action, a build script, a compromised dependency) can read the token from `.git/config`; an artifact of the workspace publishes it to everyone who can download the artifacts, which on a public repository is everyone ("ArtiPACKED", Palo Alto Networks Unit 42, 2024).',
      remediation: 'Add `persist-credentials: false` under the checkout\'s `with:`; steps that push should pass a token explicitly to the command that needs it. The quick fix adds the setting.',
      example: { bad: '- uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2\n', good: '- uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2\n  with:\n    persist-credentials: false\n' },
    },
    fix: 'safe',
  }),
  (wf, ctx) => {
    for (const j of wf.jobs) {
      for (const s of j.steps) {
        const p = s.uses ? parseUses(s.uses) : undefined;
        if (!p || p.action.toLowerCase() !== 'actions/checkout') continue;
        if (s.view.at('with', 'persist-credentials').exists) continue;
        // the version: the tag, or for a SHA the tag in the comment after it (`# v6.0.2`, `# tag=v6`)
        const lineEnd = ctx.text.indexOf('\n', s.usesView.loc[1]);
        const comment = /#\s*(?:tag=)?v?(\d+)/.exec(ctx.text.slice(s.usesView.loc[1], lineEnd < 0 ? ctx.text.length : lineEnd));
        const major = Number(((isShaPinned(p.ref) ? null : /^v?(\d+)(?:\.\d+)*$/.exec(p.ref)) ?? comment ?? [])[1] ?? 0);
        const up = workspaceUpload(s, ctx.text);
        const fix = persistFix(s, ctx.text);
        ctx.report({
          loc: [s.view.loc[0], s.usesView.loc[1]],
          message: major >= 6
            ? `${stepName(s)}: actions/checkout v${major} keeps the job's token in a file under $RUNNER_TEMP that git reads, so every later step of the job can still use it; set persist-credentials: false (pass a token explicitly where a step must push).`
            : up
              ? `${stepName(s)}: actions/checkout leaves the job's token in .git/config, and ${stepName(up)} uploads the workspace as an artifact, publishing the token to everyone who can download it; set persist-credentials: false.`
              : `${stepName(s)}: actions/checkout leaves the job's token in .git/config, readable by every later step and by any artifact of the workspace; set persist-credentials: false (pass a token explicitly where a step must push).`,
          fixes: fix ? [fix] : [],
          severity: major >= 6 ? 'info' : up ? undefined : 'warning',
        });
      }
    }
  },
);
