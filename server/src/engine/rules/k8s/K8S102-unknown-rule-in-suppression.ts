import { defineRule } from '../../rule';

/** Emitted by the suppression layer (engine/suppress.ts); no check of its own. */
export default defineRule('workspace',
  {
    id: 'K8S102', name: 'unknown-rule-in-suppression', title: 'Suppressions should name existing rules',
    severity: 'info',
    peers: [],
    docs: {
      description: 'A `# palisade-ignore` / `# palisade-ignore-file` comment or a `palisade.dev/ignore` annotation names a rule id or name that Palisade does not know (a typo, or a rule that was renamed). Peer ids (`CKV_K8S_20`, kube-linter and Polaris check names) belong in the peers\' own annotations, which Palisade honours.',
      rationale: 'A suppression with a mistyped id suppresses nothing, so the finding it was meant to silence keeps showing up, or the typo hides that the comment is stale.',
      remediation: 'Use the id (`K8S020`) or the name (`read-only-root-filesystem`) shown with the finding, or remove the comment.',
      example: {
        bad: '# palisade-ignore K8S0200 -- cache on disk\n',
        good: '# palisade-ignore K8S020 -- cache on disk\n',
      },
    },
  },
  () => undefined,
);
