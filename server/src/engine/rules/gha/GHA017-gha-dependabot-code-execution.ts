import { defineRule } from '../../rule';
import { deletePairLines } from '../shared/objects';
import type { YView } from '../../yaml/nodes';

export function isDependabotPath(file: string): boolean {
  return /(^|[\\/])dependabot\.ya?ml$/i.test(file);
}

/** A Dependabot configuration: `updates` entries with `package-ecosystem`, in dependabot.yml or with `version: 2`. */
export function dependabotUpdates(root: YView, file: string): YView[] | undefined {
  if (!root.isMap || root.get('apiVersion').exists || root.get('kind').exists) return undefined;
  const updates = root.get('updates').items().filter((u) => u.get('package-ecosystem').exists);
  if (!updates.length) return undefined;
  if (!isDependabotPath(file) && root.get('version').str !== '2') return undefined;
  return updates;
}

export default defineRule('yaml-doc',
  {
    id: 'GHA017', name: 'gha-dependabot-code-execution', title: 'Dependabot allowed to execute external code', severity: 'error', language: 'github-actions',
    peers: ['zizmor:dependabot-execution'],
    docs: {
      description: 'An update in `.github/dependabot.yml` sets `insecure-external-code-execution: allow`.',
      rationale: 'Dependabot then runs code from the manifests it updates (for example `setup.py`, Gradle or Mix build files) while resolving versions, with access to the private registry credentials configured for it. Whoever can change those files, or publish a dependency they pull in, runs code with those credentials.',
      remediation: 'Remove the setting (the default denies execution) or set it to `deny`; move dependencies that need code execution to a lockfile-based ecosystem or update them by hand.',
      example: { bad: 'version: 2\nupdates:\n  - package-ecosystem: pip\n    directory: /\n    schedule:\n      interval: daily\n    insecure-external-code-execution: allow\n', good: 'version: 2\nupdates:\n  - package-ecosystem: pip\n    directory: /\n    schedule:\n      interval: daily\n' },
    },
    fix: 'unsafe',
  },
  (doc, ctx) => {
    const updates = dependabotUpdates(doc.root, ctx.file);
    if (!updates) return;
    for (const u of updates) {
      const v = u.get('insecure-external-code-execution');
      if (v.str?.toLowerCase() !== 'allow') continue;
      const del = deletePairLines(v, ctx.text);
      ctx.report({
        loc: v.pairLoc,
        message: `Dependabot update for ${u.get('package-ecosystem').str ?? 'an ecosystem'}${u.get('directory').str ? ` in ${u.get('directory').str}` : ''}: insecure-external-code-execution: allow lets Dependabot run code from the manifests it updates, with the registry credentials it holds; remove it (the default denies execution).`,
        fixes: del ? [{ title: 'Remove insecure-external-code-execution: allow', applicability: 'unsafe', edits: [del] }] : [],
      });
    }
  },
);
