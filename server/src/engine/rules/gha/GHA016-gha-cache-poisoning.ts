import { ruleMeta } from '../../rule';
import { workflowRule, stepName, parseUses, Step, Workflow, Job } from './workflow';
import type { YView } from '../../yaml/nodes';
import type { FixDef } from '../../types';

type Toggle = { input: string; optOut?: boolean; on?: RegExp; byDefault: boolean };
/** Actions that restore (and save) caches, and the input that turns caching on or off (zizmor's list). */
const CACHE_AWARE: Record<string, Toggle | null> = {
  'actions/cache': { input: 'lookup-only', optOut: true, byDefault: true },
  'actions/setup-java': { input: 'cache', on: /^(maven|gradle|sbt)$/i, byDefault: false },
  'actions/setup-go': { input: 'cache', byDefault: true },
  'actions/setup-node': { input: 'cache', on: /^(npm|yarn|pnpm)$/i, byDefault: false },
  'actions/setup-python': { input: 'cache', on: /^(pip|pipenv|poetry)$/i, byDefault: false },
  'actions/setup-dotnet': { input: 'cache', byDefault: false },
  'astral-sh/setup-uv': { input: 'enable-cache', byDefault: false },
  'swatinem/rust-cache': { input: 'lookup-only', optOut: true, byDefault: true },
  'ruby/setup-ruby': { input: 'bundler-cache', byDefault: false },
  'pyo3/maturin-action': { input: 'sccache', byDefault: false },
  'mlugg/setup-zig': { input: 'use-cache', byDefault: true },
  'oven-sh/setup-bun': { input: 'no-cache', optOut: true, byDefault: true },
  'determinatesystems/magic-nix-cache-action': { input: 'use-gha-cache', byDefault: true },
  'graalvm/setup-graalvm': { input: 'cache', on: /^(maven|gradle|sbt)$/i, byDefault: false },
  'gradle/actions/setup-gradle': { input: 'cache-disabled', optOut: true, byDefault: true },
  'actions-rust-lang/setup-rust-toolchain': { input: 'cache', byDefault: true },
  'jdx/mise-action': { input: 'cache', byDefault: true },
  'ramsey/composer-install': { input: 'ignore-cache', optOut: true, byDefault: true },
  'mozilla-actions/sccache-action': null, 'nix-community/cache-nix-action': null, 'awalsh128/cache-apt-pkgs-action': null,
};

/** Steps that publish or deploy what the job built. */
const PUBLISHERS = /^(pypa\/gh-action-pypi-publish|rubygems\/release-gem|jreleaser\/release-action|goreleaser\/goreleaser-action|softprops\/action-gh-release|release-drafter\/release-drafter|googleapis\/release-please-action|docker\/build-push-action|redhat-actions\/push-to-registry|aws-actions\/amazon-ecs-deploy-task-definition|aws-actions\/aws-cloudformation-github-deploy|azure\/(aci-deploy|container-apps-deploy-action|functions-action|sql-action)|cloudflare\/wrangler-action|google-github-actions\/(deploy-appengine|deploy-cloudrun|deploy-cloud-functions))$/i;

const truthy = (s: string) => /^(true|yes|1|on)$/i.test(s.trim());

/** Whether the step restores a cache: 'yes', 'maybe' (an expression decides), or undefined. */
function cacheUse(s: Step): { how: 'yes' | 'maybe'; toggle?: Toggle; value?: YView } | undefined {
  const p = s.uses ? parseUses(s.uses) : undefined;
  if (!p) return undefined;
  const key = Object.keys(CACHE_AWARE).find((k) => k === p.action.toLowerCase());
  if (!key) return undefined;
  const t = CACHE_AWARE[key];
  if (!t) return { how: 'yes' };
  const v = s.view.at('with', t.input);
  const raw = v.str;
  if (raw === undefined) return t.byDefault ? { how: 'yes', toggle: t } : undefined;
  if (/\$\{\{/.test(raw)) return { how: 'maybe', toggle: t, value: v };
  const on = t.on ? t.on.test(raw.trim()) : truthy(raw);
  const caching = t.optOut ? !truthy(raw) : on || (!t.on && truthy(raw));
  return caching ? { how: 'yes', toggle: t, value: v } : undefined;
}

/**
 * Why the workflow or job publishes: release triggers, tag pushes, release branches, or a publisher
 * step; `tagOnly` when every publishing run is a tag push or a release (whose ref is a tag too).
 */
function publishing(wf: Workflow, j: Job): { why: string; tagOnly: boolean } | undefined {
  const why: string[] = [];
  if (wf.triggers.has('release')) why.push('the release trigger');
  const push = wf.on.get('push');
  if (push.get('tags').exists) why.push('pushes of tags');
  const branches = push.get('branches').strings().some((b) => /release/i.test(b));
  if (branches) why.push('pushes to release branches');
  if (why.length) return { why: why.join(', '), tagOnly: !branches };
  const pub = j.steps.find((s) => {
    const p = s.uses ? parseUses(s.uses) : undefined;
    if (!p || !PUBLISHERS.test(p.action)) return false;
    return p.action.toLowerCase() !== 'docker/build-push-action' || truthy(s.view.at('with', 'push').str ?? 'false');
  });
  return pub ? { why: `its publishing step (${stepName(pub)})`, tagOnly: false } : undefined;
}

/** An expression true exactly when the run is not for a tag (zizmor's heuristics): caching off for tag pushes and releases. */
const NOT_TAG = /^\$\{\{\s*(!\s*startsWith\(\s*github\.ref\s*,\s*'refs\/tags\/'\s*\)|!\s*\(\s*github\.event_name\s*==\s*'push'\s*&&\s*github\.ref_type\s*==\s*'tag'\s*\)|github\.ref_type\s*!=\s*'tag')\s*\}\}$/i;

function disableFix(s: Step, t: Toggle | undefined, text: string): FixDef | undefined {
  if (!t || t.on) return undefined;
  const newValue = t.optOut ? 'true' : 'false';
  const v = s.view.at('with', t.input);
  if (v.exists && v.isScalar) return { title: `Set ${t.input}: ${newValue} (no cache in a publishing job)`, applicability: 'unsafe', edits: [{ start: v.loc[0], end: v.loc[1], newText: newValue }] };
  const w = s.view.get('with');
  const colOf = (off: number) => off - (text.lastIndexOf('\n', off - 1) + 1);
  const eol = /\r\n/.test(text) ? '\r\n' : '\n';
  const lineEnd = (off: number) => { let e = text.indexOf('\n', off); if (e < 0) e = text.length; else if (text[e - 1] === '\r') e--; return e; };
  if (w.isMap) {
    const es = w.entries();
    const first = es[0]?.[1].keyLoc;
    const last = es[es.length - 1]?.[1];
    if (!first || !last || text.slice(w.loc[0], w.loc[1]).startsWith('{') || text.slice(last.loc[0], last.loc[1]).includes('\n')) return undefined;
    const at = lineEnd(last.loc[1]);
    return { title: `Set ${t.input}: ${newValue} (no cache in a publishing job)`, applicability: 'unsafe', edits: [{ start: at, end: at, newText: `${eol}${' '.repeat(colOf(first[0]))}${t.input}: ${newValue}` }] };
  }
  const k = s.usesView.keyLoc;
  if (w.exists || !k) return undefined;
  const at = lineEnd(s.usesView.loc[1]);
  return { title: `Set ${t.input}: ${newValue} (no cache in a publishing job)`, applicability: 'unsafe', edits: [{ start: at, end: at, newText: `${eol}${' '.repeat(colOf(k[0]))}with:${eol}${' '.repeat(colOf(k[0]) + 2)}${t.input}: ${newValue}` }] };
}

export default workflowRule(
  ruleMeta({
    id: 'GHA016', name: 'gha-cache-poisoning', title: 'Publishing job restores a cache pull requests can write', severity: 'error', language: 'github-actions',
    peers: ['zizmor:cache-poisoning'],
    docs: {
      description: 'A job that publishes (the workflow runs on `release`, on pushes of tags or to release branches, or the job has a publishing step such as `pypa/gh-action-pypi-publish`, `softprops/action-gh-release`, `docker/build-push-action` with `push: true`) restores a GitHub Actions cache: `actions/cache`, `Swatinem/rust-cache` or `actions/setup-go` (caching on by default), or `actions/setup-node`/`setup-python`/`setup-java`/... with caching turned on. A cache toggled by an expression is reported as a warning, except one turned off for tags (`${{ !startsWith(github.ref, \'refs/tags/\') }}`) in a workflow that publishes only from tags and releases.',
      rationale: 'Caches are shared across the repository\'s workflows: any code that runs in the repository (a pull request workflow, a compromised dev dependency, an injected script) can save a cache entry under the key the release job restores, so poisoned dependencies or build outputs end up in what you publish.',
      remediation: 'Do not restore caches in jobs that build release artifacts: turn caching off there (`cache: false`, `lookup-only: true`...; the quick fix does where a boolean input does it), or build the release from a clean environment.',
      example: { bad: 'on: release\njobs:\n  publish:\n    runs-on: ubuntu-latest\n    steps:\n    - uses: actions/setup-go@4dc6199c7b1a012772edbd06daecab0f50c9053c\n    - run: goreleaser release\n', good: 'on: release\njobs:\n  publish:\n    runs-on: ubuntu-latest\n    steps:\n    - uses: actions/setup-go@4dc6199c7b1a012772edbd06daecab0f50c9053c\n      with:\n        cache: false\n    - run: goreleaser release\n' },
    },
    fix: 'unsafe',
  }),
  (wf, ctx) => {
    if (wf.kind !== 'workflow') return;
    for (const j of wf.jobs) {
      const pub = publishing(wf, j);
      if (!pub) continue;
      const why = pub.why;
      for (const s of j.steps) {
        const c = cacheUse(s);
        if (!c) continue;
        if (c.how === 'maybe' && pub.tagOnly && !c.toggle?.optOut && NOT_TAG.test((c.value?.str ?? '').trim())) continue;
        const fix = disableFix(s, c.toggle, ctx.text);
        ctx.report({
          loc: s.usesView.loc, severity: c.how === 'maybe' ? 'warning' : undefined, fixes: fix ? [fix] : [],
          message: `${stepName(s)}: ${s.uses?.split('@')[0]} restores a cache${c.how === 'maybe' ? ' when its expression is true' : ''} in a job that publishes (${why}); any workflow of the repository, a pull request's included, can write that cache, so what you publish can be built from poisoned files. Turn caching off in this job.`,
        });
      }
    }
  },
);
