import { defineRule } from '../../rule';

/** Emitted by the suppression layer (engine/suppress.ts) when `requireSuppressionReason` is on; no check of its own. */
export default defineRule('workspace',
  {
    id: 'K8S100', name: 'suppression-without-reason', title: 'Suppressions should give a reason',
    severity: 'info',
    peers: [],
    docs: {
      description: 'Reported only when `palisade.requireSuppressionReason` (or `requireSuppressionReason: true` in `.palisade.yaml`) is on: a `# palisade-ignore`, `# palisade-ignore-file` comment or a `palisade.dev/ignore` annotation without a reason after ` -- `. The suppression still applies; this finding only asks for the reason.',
      rationale: 'A suppression hides a security finding from everyone who reads the file later. Without a reason, a reviewer cannot tell a considered exception (an init container that must run as root, a vendored chart) from a shortcut, and nobody knows when it can be removed.',
      remediation: 'Write why the finding does not apply after ` -- `: `# palisade-ignore K8S020 -- writes its cache to the root filesystem, tracked in OPS-123`. For the annotation: `palisade.dev/ignore: "K8S020 -- reason"` or a `palisade.dev/ignore-reason` annotation.',
      example: {
        bad: '# palisade-ignore K8S020\napiVersion: apps/v1\nkind: Deployment\n',
        good: '# palisade-ignore K8S020 -- legacy app writes to /var/cache, tracked in OPS-123\napiVersion: apps/v1\nkind: Deployment\n',
      },
    },
  },
  () => undefined,
);
