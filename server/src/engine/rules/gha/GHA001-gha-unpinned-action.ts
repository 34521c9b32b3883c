import { ruleMeta } from '../../rule';
import { workflowRule, parseUses, isShaPinned, stepName } from './workflow';
import type { YView } from '../../yaml/nodes';
import type { OffsetEdit } from '../../types';

/**
 * Actions and reusable workflows that cannot be pinned to a commit SHA, with the ref form their
 * maintainers require and where they say so. Keep this list short and documented: each entry is a
 * place where a mutable tag is accepted.
 */
export const SHA_PIN_EXCEPTIONS: { prefix: string; ref: RegExp; form: string; why: string }[] = [
  {
    // https://github.com/slsa-framework/slsa-github-generator#referencing-slsa-builders-and-generators
    // and slsa-framework/slsa-github-generator#150: the builder reads its version from the ref and
    // fails on a SHA or a short tag; provenance verification checks the tag.
    prefix: 'slsa-framework/slsa-github-generator/.github/workflows/',
    ref: /^v\d+\.\d+\.\d+(-rc\.\d+)?$/,
    form: 'a full release tag such as @v2.1.0',
    why: 'the SLSA generator reads its version from the ref and refuses a commit SHA or a short tag, and slsa-verifier checks the tag',
  },
];

export default workflowRule(
  ruleMeta({
    id: 'GHA001', name: 'gha-unpinned-action', title: 'Action not pinned to a full commit SHA', severity: 'warning', language: 'github-actions',
    peers: ['zizmor:unpinned-uses'],
    docs: {
      description: 'A `uses:` reference to an action or reusable workflow names a branch or tag (`@main`, `@v4`) or no ref at all instead of a full 40-character commit SHA; a `docker://` image without a digest is reported too. Exceptions, which must be referenced by a tag: the reusable workflows of `slsa-framework/slsa-github-generator` (its builders read their version from the ref and fail on a commit SHA; they must be referenced by a full release tag such as `@v2.1.0`, and a SHA or short tag is reported as wrong). The list is `SHA_PIN_EXCEPTIONS` in the rule\'s source, each entry with its upstream reference.',
      rationale: 'Tags and branches are mutable: whoever controls the action repository (or compromises it, as with tj-actions/changed-files in 2025) changes the code your workflow runs, with your secrets and token. A commit SHA is immutable.',
      remediation: 'Pin to the commit SHA of the release you reviewed and keep the tag in a comment for readability and update tooling: `uses: actions/checkout@<40-hex-sha> # v4.2.2`.',
      example: { bad: '- uses: actions/checkout@v4\n', good: '- uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2\n' },
    },
    fix: 'display-only',
  }),
  (wf, ctx) => {
    const check = (v: YView, who: string) => {
      const uses = v.string;
      if (!uses) return;
      if (uses.startsWith('docker://')) {
        if (!/@sha256:[0-9a-f]{64}$/.test(uses)) ctx.report({ loc: v.loc, message: `${who}: image '${uses}' is not pinned to a digest; use docker://image@sha256:<digest>.` });
        return;
      }
      const p = parseUses(uses);
      if (!p) return;
      const exception = SHA_PIN_EXCEPTIONS.find((x) => p.action.startsWith(x.prefix));
      if (exception) {
        if (!exception.ref.test(p.ref)) ctx.report({ loc: v.loc, message: `${who}: '${uses}' must be referenced by ${exception.form}, not ${p.ref ? `'${p.ref}'` : 'no ref'}: ${exception.why}.` });
        return;
      }
      if (isShaPinned(p.ref)) return;
      const [s, e] = v.loc;
      const raw = ctx.text.slice(s, e);
      const at = raw.lastIndexOf('@');
      const fixes = [];
      if (at >= 0) {
        const edits: OffsetEdit[] = [{ start: s + at, end: s + at + 1 + p.ref.length, newText: '@${1:sha}' }];
        const lineEnd = ctx.text.indexOf('\n', e) < 0 ? ctx.text.length : ctx.text.indexOf('\n', e);
        const plain = raw[0] !== '"' && raw[0] !== "'";
        if (plain && !ctx.text.slice(e, lineEnd).includes('#') && p.ref) edits.push({ start: e, end: e, newText: ` # ${p.ref}` });
        fixes.push({ title: `Pin ${p.action} to a commit SHA`, applicability: 'display-only' as const, snippet: true, edits });
      }
      ctx.report({ loc: v.loc, message: `${who}: '${uses}' is ${p.ref ? `pinned to the mutable ref '${p.ref}'` : 'not pinned'}; pin it to a full 40-character commit SHA (keep the tag in a comment).`, fixes });
    };
    for (const j of wf.jobs) {
      check(j.view.get('uses'), `job '${j.id}'`);
      for (const s of j.steps) check(s.usesView, stepName(s));
    }
  },
);
