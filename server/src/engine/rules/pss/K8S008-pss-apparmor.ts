import { ruleMeta } from '../../rule';
import { pssRule, who, podSc, sc, levelText, PssViolation } from './framework';
import { setFix, podScFix, containerScFix } from './fixes';

const ANNOTATION_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';

export default pssRule(
  ruleMeta({
    id: 'K8S008', name: 'pss-apparmor', title: 'AppArmor must not be disabled',
    level: 'baseline', control: 'AppArmor', fix: 'unsafe',
    peers: ['trivy:KSV-0002', 'kubesec:ApparmorUnconfined'],
    docs: {
      description: 'The AppArmor profile, set by `securityContext.appArmorProfile.type` or the legacy `container.apparmor.security.beta.kubernetes.io/<container>` annotation, must be `RuntimeDefault` or `Localhost` (`runtime/default` or `localhost/<profile>` in the annotation).',
      rationale: 'AppArmor confines what a process may access. An `Unconfined` profile removes this layer of defence against container escape.',
      remediation: 'Set `appArmorProfile.type: RuntimeDefault` (or `Localhost` with a `localhostProfile`), or remove the override.',
      example: { bad: 'securityContext:\n  appArmorProfile:\n    type: Unconfined\n', good: 'securityContext:\n  appArmorProfile:\n    type: RuntimeDefault\n' },
    },
  }),
  {
    checkId: 'appArmorProfile', level: 'baseline',
    variants: [{
      min: 0,
      check(pod, ctx) {
        const out: PssViolation[] = [];
        const valid = (t: string | undefined) => t === 'RuntimeDefault' || t === 'Localhost';
        const p = podSc(pod).get('appArmorProfile');
        if (p.exists && !p.isNull && !valid(p.get('type').str)) {
          const t = p.get('type');
          out.push({ loc: t.exists ? t.pairLoc : p.keyLoc ?? p.loc, message: `${who(pod)}: securityContext.appArmorProfile.type is ${JSON.stringify(t.str ?? '')}; ${levelText('baseline')} allows only RuntimeDefault or Localhost.`, fixes: t.exists ? setFix(t, ctx, 'RuntimeDefault', 'Set appArmorProfile.type: RuntimeDefault') : podScFix(pod, ctx, ['appArmorProfile', 'type'], 'RuntimeDefault', 'Set appArmorProfile.type: RuntimeDefault') });
        }
        for (const c of pod.containers) {
          const a = sc(c).get('appArmorProfile');
          if (a.exists && !a.isNull && !valid(a.get('type').str)) {
            const t = a.get('type');
            out.push({ loc: t.exists ? t.pairLoc : a.keyLoc ?? a.loc, message: `${who(pod, c)}: securityContext.appArmorProfile.type is ${JSON.stringify(t.str ?? '')}; ${levelText('baseline')} allows only RuntimeDefault or Localhost.`, fixes: t.exists ? setFix(t, ctx, 'RuntimeDefault', 'Set appArmorProfile.type: RuntimeDefault') : containerScFix(c, ctx, ['appArmorProfile', 'type'], 'RuntimeDefault', 'Set appArmorProfile.type: RuntimeDefault') });
          }
        }
        for (const [k, v] of pod.meta.get('annotations').entries()) {
          if (!k.startsWith(ANNOTATION_PREFIX)) continue;
          const val = v.str ?? '';
          if (val === '' || val === 'runtime/default' || val.startsWith('localhost/')) continue;
          out.push({ loc: v.pairLoc, message: `${who(pod)}: annotation ${k} is ${JSON.stringify(val)}; ${levelText('baseline')} allows only runtime/default or localhost/<profile>.`, fixes: setFix(v, ctx, 'runtime/default', 'Set the AppArmor annotation to runtime/default') });
        }
        return out;
      },
    }],
  },
);
