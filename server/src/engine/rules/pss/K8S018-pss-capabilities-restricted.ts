import { ruleMeta } from '../../rule';
import { pssRule, who, sc, levelText, isWindows, containerMissingLoc, PssViolation } from './framework';
import { removeItemsFix } from './fixes';
import * as fix from '../../fix';
import type { RuleContext } from '../../rule';
import type { PodSpecRef } from '../../k8s/model';

function check(pod: PodSpecRef, ctx: RuleContext): PssViolation[] {
  const out: PssViolation[] = [];
  for (const c of pod.containers) {
    const caps = sc(c).get('capabilities');
    const drop = caps.get('drop');
    if (!drop.strings().includes('ALL')) {
      const loc = drop.exists ? drop.pairLoc : caps.exists && caps.keyLoc ? caps.keyLoc : containerMissingLoc(c);
      out.push({ loc, message: `${who(pod, c)}: capabilities.drop does not include ALL; ${levelText('restricted')} requires dropping ALL capabilities (add back only NET_BIND_SERVICE if needed).`, fixes: fix.unsafe('Drop ALL capabilities', fix.ensureInSeq(ctx.text, c.view, ['securityContext', 'capabilities', 'drop'], 'ALL')) });
    }
    const add = caps.get('add');
    for (const cap of add.items()) {
      if (cap.str !== 'NET_BIND_SERVICE') out.push({ loc: cap.loc, message: `${who(pod, c)}: adds capability ${JSON.stringify(cap.str ?? '')}; ${levelText('restricted')} allows adding only NET_BIND_SERVICE.`, fixes: removeItemsFix(add, ctx, (x) => x.str !== 'NET_BIND_SERVICE', `Remove the added capabilities of ${c.name} other than NET_BIND_SERVICE`) });
    }
  }
  return out;
}

export default pssRule(
  ruleMeta({
    id: 'K8S018', name: 'pss-capabilities-restricted', title: 'Capabilities must drop ALL and add at most NET_BIND_SERVICE',
    level: 'restricted', control: 'Capabilities', fix: 'unsafe',
    peers: ['polaris:insecureCapabilities', 'checkov:CKV_K8S_37', 'trivy:KSV-0003', 'trivy:KSV-0106', 'kubesec:CapDropAll'],
    cis: ['5.2.9'],
    docs: {
      description: 'Since v1.22, every container must drop `ALL` capabilities and may add back only `NET_BIND_SERVICE`. Windows pods are exempt from v1.25.',
      rationale: 'The runtime\'s default capability set still includes NET_RAW (packet spoofing), CHOWN, DAC_OVERRIDE and others that most applications never need.',
      remediation: 'Set `securityContext.capabilities.drop: ["ALL"]` on every container, and `add: ["NET_BIND_SERVICE"]` only if it binds a port below 1024.',
      example: { bad: 'capabilities:\n  add: [NET_RAW]\n', good: 'capabilities:\n  drop: [ALL]\n' },
    },
  }),
  {
    checkId: 'capabilities_restricted', level: 'restricted',
    variants: [
      { min: 22, check, overrides: ['capabilities_baseline'] },
      { min: 25, check: (pod, ctx) => (isWindows(pod) ? [] : check(pod, ctx)), overrides: ['capabilities_baseline'] },
    ],
  },
);
