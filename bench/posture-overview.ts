/** Time of the posture overview (the Palisade Posture view) on 300 pods in 10 namespaces and 100 NetworkPolicies: `npx tsx bench/posture-overview.ts`. */
import { modelOf } from '../server/src/engine/posture/common';
import { overview } from '../server/src/engine/posture/overview';
const files: { file: string; text: string }[] = [];
for (let i = 0; i < 300; i++) files.push({ file: `p${i}.yaml`, text: `apiVersion: v1\nkind: Pod\nmetadata: {name: p${i}, namespace: ns${i % 10}, labels: {app: a${i % 30}}}\nspec:\n  containers: [{name: c, image: x, ports: [{name: http, containerPort: 8080}]}]\n` });
for (let i = 0; i < 100; i++) files.push({ file: `np${i}.yaml`, text: `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: np${i}, namespace: ns${i % 10}}\nspec:\n  podSelector: {matchLabels: {app: a${i % 30}}}\n  ingress:\n  - from:\n    - podSelector: {matchLabels: {app: a${(i + 10) % 30}}}\n    - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ns${(i + 1) % 10}}}\n      podSelector: {matchLabels: {app: a${(i + 3) % 30}}}\n    ports: [{port: http}]\n  egress:\n  - to: [{podSelector: {}}]\n` });
const m = modelOf(files).model;
const levels = () => ({ level: 'restricted', version: 'latest', own: false });
let t = Date.now(); const o = overview(m, levels); console.log('first', Date.now() - t, 'ms', o.edges.length, 'edges');
t = Date.now(); overview(m, levels); console.log('second', Date.now() - t, 'ms');
