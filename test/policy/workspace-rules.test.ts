/** RuleTester cases for GK004, a cross-file rule: Gatekeeper ConstraintTemplates and constraints in different files (#19). */
import { runRuleTests } from '../ruleTester';

const template = (kind: string) => `apiVersion: templates.gatekeeper.sh/v1
kind: ConstraintTemplate
metadata:
  name: ${kind.toLowerCase()}
spec:
  crd:
    spec:
      names:
        kind: ${kind}
      validation:
        openAPIV3Schema:
          type: object
          properties:
            labels:
              type: array
              items:
                type: string
  targets:
    - target: admission.k8s.gatekeeper.sh
      rego: |
        package ${kind.toLowerCase()}
        violation[{"msg": msg}] {
          provided := {label | input.review.object.metadata.labels[label]}
          required := {label | label := input.parameters.labels[_]}
          missing := required - provided
          count(missing) > 0
          msg := sprintf("missing labels: %v", [missing])
        }
`;
const constraint = (kind: string, name = 'namespaces-have-owner') => `apiVersion: constraints.gatekeeper.sh/v1beta1
kind: ${kind}
metadata:
  name: ${name}
spec:
  enforcementAction: deny
  match:
    kinds:
      - apiGroups: [""]
        kinds: ["Namespace"]
  parameters:
    labels: ["owner"]
`;

runRuleTests('GK004', {
  valid: [
    { name: 'the template in another file defines the kind', files: { 'gatekeeper/templates/required-labels.yaml': template('K8sRequiredLabels'), 'gatekeeper/constraints/owner.yaml': constraint('K8sRequiredLabels') } },
    { name: 'no template in the workspace: installed elsewhere (a library chart)', files: { 'gatekeeper/constraints/owner.yaml': constraint('K8sRequiredLabels') } },
    { name: 'both in one file', code: `${template('K8sRequiredLabels')}---\n${constraint('K8sRequiredLabels')}` },
  ],
  invalid: [
    {
      name: 'a typo in the kind: a suggestion',
      files: { 'gatekeeper/templates/required-labels.yaml': template('K8sRequiredLabels'), 'gatekeeper/constraints/owner.yaml': constraint('K8sRequiredLabel') },
      errors: [{ file: 'gatekeeper/constraints/owner.yaml', line: 2, column: 7, endLine: 2, endColumn: 23, severity: 'warning', message: "K8sRequiredLabel 'namespaces-have-owner': no ConstraintTemplate in the workspace defines kind K8sRequiredLabel, so this constraint cannot be created; did you mean K8sRequiredLabels?" }],
    },
    {
      name: 'a kind far from every template: no suggestion',
      files: { 't1.yaml': template('K8sRequiredLabels'), 't2.yaml': template('K8sAllowedRepos'), 'c.yaml': `${constraint('K8sAllowedRepos', 'trusted')}---\n${constraint('K8sBlockNodePort', 'no-nodeport')}` },
      errors: [{ file: 'c.yaml', line: 15, column: 7, message: 'no ConstraintTemplate in the workspace defines kind K8sBlockNodePort, so this constraint cannot be created; add the template or fix the kind.' }],
    },
  ],
});
