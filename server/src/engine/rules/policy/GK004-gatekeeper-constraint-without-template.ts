import { defineRule } from '../../rule';
import { inGroup, who } from '../shared/objects';
import { suggestName } from './names';

export default defineRule('workspace',
  {
    id: 'GK004', name: 'gatekeeper-constraint-without-template', title: 'Gatekeeper constraint whose kind has no ConstraintTemplate', severity: 'warning', language: 'gatekeeper',
    docs: {
      description: 'A constraint (`constraints.gatekeeper.sh`) has a `kind` that no ConstraintTemplate in the scanned files defines (`spec.crd.spec.names.kind`). Checked only when the scanned files contain ConstraintTemplates, that is when templates live next to the constraints.',
      rationale: 'Without its template the constraint\'s CRD does not exist: applying it fails, or (applied by a tool that ignores errors) the policy silently does not exist. A misspelt kind has the same effect.',
      remediation: 'Add the ConstraintTemplate (for example from the Gatekeeper library) or fix the kind to match the template\'s `spec.crd.spec.names.kind`.',
      example: { bad: 'kind: K8sRequiredLabel   # template defines K8sRequiredLabels\n', good: 'kind: K8sRequiredLabels\n' },
    },
  },
  (model, ctx) => {
    const kinds = new Set<string>();
    for (const o of model.objects) {
      if (o.obj.kind === 'ConstraintTemplate' && inGroup(o.obj, 'templates.gatekeeper.sh')) {
        const k = o.obj.view.at('spec', 'crd', 'spec', 'names', 'kind').str;
        if (k) kinds.add(k);
      }
    }
    if (!kinds.size) return;
    for (const o of model.objects) {
      if (!inGroup(o.obj, 'constraints.gatekeeper.sh') || kinds.has(o.obj.kind)) continue;
      const s = suggestName(o.obj.kind, [...kinds]);
      ctx.report({ file: o.file, lines: o.lines, obj: o.obj, loc: o.obj.view.get('kind').loc, message: `${who(o.obj)}: no ConstraintTemplate in the workspace defines kind ${o.obj.kind}, so this constraint cannot be created${s ? `; did you mean ${s}?` : '; add the template or fix the kind.'}` });
    }
  },
);
