import { ruleMeta } from '../../rule';
import { describeConfig } from './flags';
import { componentRule, flag, boolFlag, isKubeletConfiguration } from './flags';
import { setFlagFix } from './flagfix';
import * as fix from '../../fix';

export default componentRule(
  ruleMeta({
    id: 'CP057', name: 'kubelet-protect-kernel-defaults', title: 'The kubelet must protect kernel defaults',
    severity: 'warning',
    aliases: ['CP022', 'kubelet-hardening'],
    peers: ['checkov:CKV_K8S_144', 'trivy:KCV-0083'],
    cis: ['4.2.6'],
    fix: 'unsafe',
    docs: {
      description: 'A kubelet sets `--protect-kernel-defaults=false` (`protectKernelDefaults: false` in a KubeletConfiguration).',
      rationale: 'With kernel-default protection the kubelet refuses to start when kernel tunables differ from what it expects, instead of changing them; without it, node sysctls drift from their hardened values.',
      remediation: 'Set `--protect-kernel-defaults=true` (`protectKernelDefaults: true`) after setting the sysctls the kubelet expects (vm.overcommit_memory, kernel.panic, ...); the quick fix sets the flag.',
      example: { bad: 'command:\n  - kubelet\n  - --protect-kernel-defaults=false\n', good: 'command:\n  - kubelet\n  - --protect-kernel-defaults=true\n' },
    },
  }),
  ['kubelet'],
  (c, ctx) => {
    const f = flag(c, 'protect-kernel-defaults');
    if (boolFlag(f) === false) ctx.report({ loc: f!.loc, message: `${c.who}: --protect-kernel-defaults=${f!.value} lets the kubelet and pods change kernel settings from their defaults. Set --protect-kernel-defaults=true.`, fixes: setFlagFix(c, ctx, 'protect-kernel-defaults', 'true') });
  },
  (obj, ctx) => {
    if (!isKubeletConfiguration(obj)) return;
    const v = obj.view.get('protectKernelDefaults');
    if (v.bool === false) ctx.report({ loc: v.pairLoc, message: `${describeConfig(obj)}: protectKernelDefaults: false lets kernel settings drift from their defaults. Set it to true.`, fixes: fix.unsafe('Set protectKernelDefaults: true', fix.setScalar(ctx.text, v, true)) });
  },
);
