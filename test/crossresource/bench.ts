/** Measures the cross-resource pass over N synthetic files after a one-file edit: `npx tsx test/crossresource/bench.ts 1000`. Not a test. */
import { Analyzer } from '../../server/src/engine/analyze';
import { crossResourceFindings, WorkspaceFile, workspaceRules, workspaceModel } from '../../server/src/engine/scan';
import { defaultSettings } from '../../server/src/engine/settings';
import { LineIndex } from '../../server/src/engine/text';
const N = Number(process.argv[2] ?? 2000);
const a = new Analyzer();
const s = defaultSettings();
const files: WorkspaceFile[] = [];
for (let i = 0; i < N; i++) {
  const ns = `ns${i % 50}`;
  const text = `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d${i}, namespace: ${ns}}\nspec:\n  template:\n    metadata: {labels: {app: a${i}}}\n    spec:\n      serviceAccountName: sa${i}\n      containers: [{name: c, image: "x:1"}]\n---\napiVersion: v1\nkind: Service\nmetadata: {name: s${i}, namespace: ${ns}}\nspec: {selector: {app: a${i}}}\n---\napiVersion: v1\nkind: ServiceAccount\nmetadata: {name: sa${i}, namespace: ${ns}}\n` + (i % 10 === 0 ? `---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p${i}, namespace: ${ns}}\nspec: {podSelector: {matchLabels: {app: a${i}}}}\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: b${i}, namespace: ${ns}}\nroleRef: {kind: ClusterRole, name: r${i}}\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: r${i}}\nrules: [{apiGroups: [""], resources: [secrets], verbs: [get]}]\n` : '');
  const f = `f${i}.yaml`;
  a.analyze(f, text, { settings: s });
  files.push({ file: f, text, lines: new LineIndex(text), objects: a.objects(f) });
}
const objs = files.reduce((n, f) => n + f.objects.length, 0);
const out: string[] = [];
for (let k = 0; k < 6; k++) {
  // one "keystroke": file 0 is re-analysed with a changed label; every other object is reused
  const t = files[0].text.replace(/app: a0\b/, `app: a0x${k}`);
  a.analyze('f0.yaml', t, { settings: s });
  files[0] = { file: 'f0.yaml', text: t, lines: new LineIndex(t), objects: a.objects('f0.yaml') };
  const x = process.hrtime.bigint();
  const m = crossResourceFindings(files, s);
  out.push(`${Number(process.hrtime.bigint() - x) / 1e6}`.slice(0, 6));
  void m;
}
const model = workspaceModel(files);
const per = workspaceRules().map((r) => { const x = process.hrtime.bigint(); r.check(model, { settings: s, report: () => undefined }); return `${r.meta.id} ${(Number(process.hrtime.bigint() - x) / 1e6).toFixed(1)}`; });
console.log(`${N} files, ${objs} objects; cross-resource pass after a one-file edit (ms): ${out.join(' / ')}\n  per rule (warm): ${per.join(', ')}`);
