import { ruleMeta } from '../../rule';
import { workflowRule, stepName, contextPaths, exposure } from './workflow';
import type { YView } from '../../yaml/nodes';

/** Contexts naming whoever caused the run (or the pull request's sender), not its author. */
const ACTOR = /^(github\.actor|github\.triggering_actor|github\.event\.pull_request\.sender\.login)$/;
/** Numeric ids of well-known bots: dependabot's integration, dependabot[bot], dependabot-preview[bot], renovate[bot]. */
const BOT_IDS = new Set(['29110', '49699333', '27856297', '29139614']);

/** The first `actor == '<name>[bot]'` (or `actor_id == <bot id>`) comparison of an `if:` value, as offsets in the file. */
export function botComparison(v: YView, text: string): { start: number; end: number; actor: string; bot: string } | undefined {
  if (!v.isScalar) return undefined;
  const [s, e] = v.loc;
  const src = text.slice(s, e);
  for (const c of contextPaths(src, true)) {
    const isId = c.path === 'github.actor_id';
    if (!ACTOR.test(c.path) && !isId) continue;
    const lit = isId ? String.raw`'?(\d+)'?` : String.raw`'([^']*\[bot\])'`;
    const after = new RegExp(String.raw`^\s*==\s*${lit}`, 'i').exec(src.slice(c.end));
    const before = new RegExp(String.raw`${lit}\s*==\s*$`, 'i').exec(src.slice(0, c.start));
    const m = after ?? before;
    if (!m || (isId && !BOT_IDS.has(m[1]))) continue;
    const start = after ? c.start : c.start - before![0].length;
    const end = after ? c.end + after[0].length : c.end;
    return { start: s + start, end: s + end, actor: c.path, bot: m[1] };
  }
  return undefined;
}

export default workflowRule(
  ruleMeta({
    id: 'GHA012', name: 'gha-spoofable-bot-condition', title: 'Spoofable bot actor check in if:', severity: 'error', language: 'github-actions',
    peers: ['zizmor:bot-conditions'],
    docs: {
      description: 'A job or step `if:` grants something to a bot by comparing the actor: `github.actor == \'dependabot[bot]\'`, `renovate[bot]` or any `[bot]` name, `github.triggering_actor`, or `github.actor_id` against a well-known bot id, written bare or in `${{ }}`, alone or combined with other conditions. It is an error on a privileged trigger (`pull_request_target`, `workflow_run`, `issue_comment`, `issues`, `discussion`), a warning otherwise.',
      rationale: '`github.actor` is whoever caused the latest event, not who wrote the code: when Dependabot updates or rebases a pull request that an attacker controls (or the attacker\'s fork merges a Dependabot branch), the run reports the bot as actor, and the privileged job auto-merges or runs the attacker\'s commits.',
      remediation: 'Check the author of the pull request instead, e.g. `github.event.pull_request.user.login == \'dependabot[bot]\'` (for pull_request_target), and for auto-merge verify the update with `dependabot/fetch-metadata`.',
      example: { bad: 'on: pull_request_target\n...\n    if: github.actor == \'dependabot[bot]\'\n', good: 'on: pull_request_target\n...\n    if: github.event.pull_request.user.login == \'dependabot[bot]\'\n' },
    },
  }),
  (wf, ctx) => {
    const { severity, why } = exposure(wf);
    const check = (cond: YView, where: string) => {
      const b = botComparison(cond, ctx.text);
      if (!b) return;
      ctx.report({
        loc: [b.start, b.end], severity: severity === 'error' ? undefined : 'warning',
        message: `${where}: the condition trusts ${b.actor} == '${b.bot}', but the actor is whoever caused the latest event (an attacker's pull request updated by the bot passes it); ${why}. Check the pull request's author (github.event.pull_request.user.login) instead.`,
      });
    };
    for (const j of wf.jobs) {
      check(j.view.get('if'), `job '${j.id}'`);
      for (const s of j.steps) check(s.view.get('if'), stepName(s));
    }
  },
);
