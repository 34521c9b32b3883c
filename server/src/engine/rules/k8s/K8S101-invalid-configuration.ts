import { defineRule } from '../../rule';

/** Emitted for `.palisade.yaml` itself (engine/config.ts via the language server); no check of its own. */
export default defineRule('workspace',
  {
    id: 'K8S101', name: 'invalid-configuration', title: '.palisade.yaml must be valid',
    severity: 'error',
    peers: [],
    docs: {
      description: 'The workspace configuration `.palisade.yaml` has a YAML syntax error, an unknown setting, a value of the wrong type, an unknown rule id, or an exclude pattern that points outside the workspace (an absolute path or `..`). Invalid entries are ignored: a syntax error or a top level that is not a mapping falls back to the defaults entirely.',
      rationale: 'A mistyped setting silently does nothing: a rule you meant to turn off keeps reporting, or worse, a Pod Security level you meant to enforce is not in force. Configuration is data confined to the workspace, so patterns that escape it are rejected.',
      remediation: 'Fix the entry the diagnostic points at; the schema (schemas/palisade-config.schema.json, contributed to the YAML extension) offers completion for every setting.',
      example: {
        bad: 'podSecurity:\n  level: strict\nexclude:\n  - /etc/kubernetes\n',
        good: 'podSecurity:\n  level: restricted\n  version: v1.30\nexclude:\n  - charts/vendor/**\n',
      },
    },
    language: 'yaml',
  },
  () => undefined,
);
