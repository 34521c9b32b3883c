import { defineRule } from '../../rule';
import { isKind, who } from '../shared/objects';
import { nsOf, ISTIO_ROOT_NAMESPACE } from './cross';
import { podSpecOf } from '../../k8s/model';
import type { YView } from '../../yaml/nodes';

export default defineRule('workspace',
  {
    id: 'IST012', name: 'istio-injection-disabled-strict', title: 'Sidecar injection disabled in a namespace with STRICT mTLS', severity: 'warning', language: 'istio',
    peers: ['istio:IST0103', 'istio:IST0102'],
    docs: {
      description: 'A workload sets `sidecar.istio.io/inject: "false"` (annotation or label on the pod template), or a Namespace is labelled `istio-injection: disabled`, where a namespace-wide or mesh-wide PeerAuthentication in the scanned files requires STRICT mTLS.',
      rationale: 'A pod without a sidecar cannot present a mesh identity: its calls to STRICT services fail, and the usual "fix" is to relax mTLS to PERMISSIVE for everyone. Its own inbound traffic is not covered by AuthorizationPolicies at all.',
      remediation: 'Remove the opt-out so the workload gets a sidecar; if it truly cannot run one, move it to a namespace outside the mesh and reach it through an explicit egress path.',
      example: { bad: 'template:\n  metadata:\n    annotations:\n      sidecar.istio.io/inject: "false"\n', good: 'template:\n  metadata:\n    labels:\n      sidecar.istio.io/inject: "true"\n' },
    },
  },
  (model, ctx) => {
    const defaults = new Map<string, string>(); // namespace -> mode of its namespace-wide policy
    for (const o of model.objects) {
      if (!isKind(o.obj, 'security.istio.io', 'PeerAuthentication')) continue;
      const spec = o.obj.view.get('spec');
      if (spec.get('selector').exists) continue;
      const mode = spec.at('mtls', 'mode').str;
      if (mode) defaults.set(nsOf(o), mode);
    }
    const strict = (ns: string) => (defaults.get(ns) ?? defaults.get(ISTIO_ROOT_NAMESPACE)) === 'STRICT';
    const off = (m: YView) => (m.str ?? '').toLowerCase() === 'false';
    for (const o of model.objects) {
      if (o.obj.kind === 'Namespace' && o.obj.apiVersion === 'v1') {
        const l = o.obj.view.at('metadata', 'labels', 'istio-injection');
        if (l.str === 'disabled' && strict(o.obj.name)) ctx.report({ file: o.file, lines: o.lines, obj: o.obj, loc: l.pairLoc, message: `${who(o.obj)}: sidecar injection is disabled in a namespace that requires STRICT mTLS, so its pods cannot talk to mesh services and are not protected by AuthorizationPolicies; enable injection (istio-injection: enabled).` });
        continue;
      }
      const pod = podSpecOf(o.obj);
      if (!pod || !strict(nsOf(o))) continue;
      for (const k of ['annotations', 'labels']) {
        const v = pod.meta.get(k).get('sidecar.istio.io/inject');
        if (off(v)) ctx.report({ file: o.file, lines: o.lines, obj: o.obj, loc: v.pairLoc, message: `${who(o.obj)}: sidecar.istio.io/inject is "false" in namespace '${nsOf(o)}', which requires STRICT mTLS, so the pod runs without a mesh identity or AuthorizationPolicy enforcement; remove the opt-out.` });
      }
    }
  },
);
