import { defineRule } from '../../rule';
import { who, containerScLoc, effectiveSc, isWindowsPod, capabilityItems, capName } from '../shared/pod';
import type { PodSpecRef, ContainerRef } from '../../k8s/model';

const CONFINED = new Set(['RuntimeDefault', 'Localhost']);

function hardening(pod: PodSpecRef, c: ContainerRef): string | undefined {
  const seccomp = effectiveSc(pod, c, 'seccompProfile');
  if (seccomp && CONFINED.has(seccomp.view.get('type').str ?? '')) return 'seccomp';
  const apparmor = effectiveSc(pod, c, 'appArmorProfile');
  if (apparmor && CONFINED.has(apparmor.view.get('type').str ?? '')) return 'AppArmor';
  const ann = pod.meta.at('annotations').get(`container.apparmor.security.beta.kubernetes.io/${c.name}`).str;
  if (!apparmor && ann && (ann === 'runtime/default' || ann.startsWith('localhost/'))) return 'AppArmor';
  const selinux = effectiveSc(pod, c, 'seLinuxOptions');
  if (selinux && selinux.view.entries().some(([, v]) => !v.isNull && (v.str ?? '') !== '')) return 'SELinux';
  const drop = capabilityItems(c, 'drop');
  if (drop.length && !capabilityItems(c, 'add').some((a) => capName(a.name) === 'ALL')) return 'capabilities';
  return undefined;
}

export default defineRule('pod',
  {
    id: 'K8S048', name: 'linux-hardening', title: 'Containers should use at least one Linux hardening mechanism',
    severity: 'info',
    peers: ['polaris:linuxHardening'],
    cis: [],
    docs: {
      description: 'A container uses none of: a seccomp profile (`RuntimeDefault` or `Localhost`, container or pod level), an AppArmor profile (field or the legacy per-container annotation), SELinux options, or dropped capabilities (without adding ALL back). Container-level settings override pod-level ones, so a container `seccompProfile: Unconfined` cancels the pod\'s profile. Windows pods are skipped. The restricted Pod Security level (K8S017, K8S018) demands more: seccomp and drop ALL.',
      rationale: 'These kernel mechanisms limit what a compromised process can do: which system calls it may make, which files and capabilities it can use. A container with none of them has the whole kernel attack surface available, which is what most container escapes exploit.',
      remediation: 'Set `seccompProfile: {type: RuntimeDefault}` in the pod securityContext and `capabilities: {drop: [ALL]}` in each container securityContext.',
      example: {
        bad: 'containers:\n  - name: app\n    image: registry.example.com/app:1.4.2\n',
        good: 'securityContext:\n  seccompProfile:\n    type: RuntimeDefault\ncontainers:\n  - name: app\n    image: registry.example.com/app:1.4.2\n    securityContext:\n      capabilities:\n        drop: ["ALL"]\n',
      },
    },
  },
  (pod, ctx) => {
    if (isWindowsPod(pod)) return;
    for (const c of pod.containers) {
      if (hardening(pod, c)) continue;
      ctx.report({ loc: containerScLoc(c), message: `${who(pod, c)}: no Linux hardening is in effect (no RuntimeDefault/Localhost seccomp or AppArmor profile, no SELinux options, no dropped capabilities); set seccompProfile.type: RuntimeDefault and drop ALL capabilities.` });
    }
  },
);
