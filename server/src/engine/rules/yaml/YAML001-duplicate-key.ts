import { isMap, isPair, isSeq, isScalar, Pair, YAMLMap, YAMLSeq } from 'yaml';
import * as fix from '../../fix';
import { defineRule } from '../../rule';
import { scalarKey } from '../../yaml/nodes';
import { describeObject } from '../../k8s/model';
import { lineRef } from '../../text';

export default defineRule('object', {
    id: 'YAML001', name: 'duplicate-key', title: 'Duplicate mapping key', severity: 'error', language: 'kubernetes',
    docs: {
      description: 'A mapping in a Kubernetes object has the same key twice.',
      rationale: 'Kubernetes decodes manifests with sigs.k8s.io/yaml, where the later key silently wins. A reviewer reading the first occurrence (for example `privileged: false`) can miss a later `privileged: true`.',
      remediation: 'Delete one of the two keys so that the manifest says one thing.',
      example: { bad: 'securityContext:\n  privileged: false\n  privileged: true\n', good: 'securityContext:\n  privileged: false\n' },
    },
    peers: ['kube-linter:duplicate-env-var'],
    fix: 'safe',
}, (obj, ctx) => {
    // walk only the object's own nodes (aliases are not followed, so alias bombs cannot expand)
    let budget = 200000;
    const off = obj.doc.pd.offset;
    const walk = (n: unknown): void => {
      if (budget-- <= 0) return;
      if (isMap(n)) {
        const items = (n as YAMLMap).items;
        // the first pair of each key (with a position): the earlier pairs of a small mapping are
        // looked through, a larger one gets a map
        const small = items.length <= 16;
        let firstPair: Map<string, Pair> | undefined;
        for (let i = 0; i < items.length; i++) {
          const item = items[i];
          if (!isPair(item)) continue;
          const k = items.length > 1 && isScalar(item.key) ? scalarKey(item.key) : undefined;
          if (k !== undefined && k !== '<<') {
            const key = item.key as { range?: [number, number, number] };
            const first = small ? firstWithKey(items, i, k) : firstPair?.get(k);
            if (first && key.range) {
              const prev = lineRef(off + (first.key as { range: [number, number, number] }).range[0]);
              ctx.report({ loc: [off + key.range[0], off + key.range[1]], message: `${describeObject(obj)}: key '${k}' appears more than once in this mapping (first on line ${prev}); Kubernetes keeps only this last value. Remove one of them.`, fixes: fix.safe(`Remove the ignored earlier '${k}' (line ${prev})`, new fix.YamlEditor(ctx.text, obj.doc.pd.doc, off).removePairNode(first)) });
            }
            if (!small && !first && key.range) (firstPair ??= new Map()).set(k, item as Pair);
          }
          walk(item.value);
        }
      } else if (isSeq(n)) {
        for (const i of (n as YAMLSeq).items) walk(i);
      }
    };
    walk(obj.view.node);
});

/** The first of the pairs before `end` whose key is the scalar `k` and has a position. */
function firstWithKey(items: unknown[], end: number, k: string): Pair | undefined {
  for (let j = 0; j < end; j++) {
    const p = items[j];
    if (isPair(p) && isScalar(p.key) && (p.key as { range?: unknown }).range && scalarKey(p.key) === k) return p as Pair;
  }
  return undefined;
}
