import type { YView } from '../../yaml/nodes';
import type { K8sObject } from '../../k8s/model';

/** Every `tls` block of a DestinationRule: traffic policy, port-level settings, and subsets. */
export function destinationRuleTls(obj: K8sObject): { tls: YView; where: string }[] {
  const out: { tls: YView; where: string }[] = [];
  const policy = (tp: YView, prefix: string) => {
    if (tp.get('tls').isMap) out.push({ tls: tp.get('tls'), where: `${prefix}.tls` });
    tp.get('portLevelSettings').items().forEach((p, i) => {
      if (p.get('tls').isMap) out.push({ tls: p.get('tls'), where: `${prefix}.portLevelSettings[${i}].tls` });
    });
  };
  const spec = obj.view.get('spec');
  policy(spec.get('trafficPolicy'), 'trafficPolicy');
  spec.get('subsets').items().forEach((s, i) => policy(s.get('trafficPolicy'), `subsets[${i}].trafficPolicy`));
  return out;
}
