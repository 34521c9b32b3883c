import { defineRule } from '../../rule';
/** PodSecurityPolicy (policy/v1beta1, removed in Kubernetes 1.25) checks, for clusters that still run them. */
import type { K8sRule, RuleContext } from '../../rule';
import type { RuleDocs, Severity } from '../../types';
import { describeObject, K8sObject } from '../../k8s/model';
import type { YView } from '../../yaml/nodes';

export const PSP_NOTE = ' PodSecurityPolicy was removed in Kubernetes 1.25 (replaced by Pod Security Admission); this rule matters for clusters that still enforce PSPs, and for policies being migrated.';

export function isPsp(obj: K8sObject): boolean {
  return obj.kind === 'PodSecurityPolicy' && /^(policy|extensions)\/v1beta1$/.test(obj.apiVersion);
}

export interface PspContext { obj: K8sObject; spec: YView; ctx: RuleContext; who: string }

export function pspRule(m: { id: string; name: string; title: string; severity?: Severity; peers: string[]; cis?: string[]; docs: RuleDocs }, check: (p: PspContext) => void): K8sRule {
  return defineRule('object',
    { ...m, severity: m.severity ?? 'warning', docs: { ...m.docs, description: m.docs.description + PSP_NOTE } },
    (obj, ctx) => {
      if (!isPsp(obj)) return;
      check({ obj, spec: obj.view.get('spec'), ctx, who: describeObject(obj) });
    },
    { applies: isPsp },
  );
}

/** Where to point when a PSP field is missing: the `spec` key, else the object name. */
export function pspMissingLoc(p: PspContext): readonly [number, number] {
  return p.spec.keyLoc ?? p.obj.headLoc;
}

/** A PSP boolean that admits a host feature when true. */
export function pspBoolRule(id: string, name: string, field: string, what: string, peers: string[], cis: string[], rationale: string): K8sRule {
  return pspRule({
    id, name, title: `PodSecurityPolicy should not allow ${what}`, severity: 'error', peers, cis,
    docs: {
      description: `A PodSecurityPolicy sets \`${field}: true\`, admitting pods with ${what}.`,
      rationale,
      remediation: `Remove \`${field}\` or set it to false; grant a separate, tightly bound policy to the few system workloads that need it.`,
      example: { bad: `kind: PodSecurityPolicy\nspec:\n  ${field}: true\n`, good: `kind: PodSecurityPolicy\nspec:\n  ${field}: false\n` },
    },
  }, (p) => {
    const v = p.spec.get(field);
    if (v.bool === true) p.ctx.report({ loc: v.pairLoc, message: `${p.who}: ${field} is true, so the policy admits pods with ${what}; set it to false.` });
  });
}
