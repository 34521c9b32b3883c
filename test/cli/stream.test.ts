/**
 * The CLI's scan in bounded memory (#18): streamScan hands out one file's result at a time, and the
 * results are those of scanTexts over all inputs at once (Namespace levels, cross-resource findings).
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { streamScan, ScanInput } from '../../server/src/cli/scan';
import { scanTexts } from '../../server/src/engine/scan';
import { defaultSettings } from '../../server/src/engine/settings';
import type { FileResult } from '../../server/src/engine/types';

const EXAMPLES = path.resolve(__dirname, '..', '..', 'examples');
function walk(d: string): string[] {
  return fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]);
}

describe('CLI: streamed scan (#18)', () => {
  it('gives, file by file, what scanTexts gives for all files at once (examples, cross-resource and Namespace levels)', () => {
    const extra: ScanInput[] = [
      { file: 'x/ns.yaml', text: 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: stream-shop\n  labels:\n    pod-security.kubernetes.io/enforce: privileged\n' },
      { file: 'x/pod.yaml', text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  namespace: stream-shop\n  labels: {app: web}\nspec:\n  serviceAccountName: missing\n  containers:\n  - name: c\n    image: nginx:1.25\n    securityContext: {privileged: true}\n' },
      { file: 'x/svc.yaml', text: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n  namespace: stream-shop\nspec:\n  selector: {app: nothing}\n  ports: [{port: 80}]\n' },
    ];
    const files: ScanInput[] = [...walk(EXAMPLES).sort().map((f): ScanInput => ({ file: path.relative(EXAMPLES, f), path: f })), ...extra];
    const read = (p: string) => ({ text: fs.readFileSync(p, 'utf8') });
    const streamed: FileResult[] = [];
    const run = streamScan(files, defaultSettings(), read, (r) => streamed.push(r));
    const whole = scanTexts(files.map((f) => ({ file: f.file, text: f.text ?? read(f.path!).text })), defaultSettings());
    assert.strictEqual(run.scanned, files.length);
    assert.deepStrictEqual(streamed, whole);
    const pod = streamed.find((r) => r.file === 'x/pod.yaml')!;
    assert.ok(!pod.findings.some((f) => f.references.pss), 'the Namespace in another input set the level of its namespace');
    assert.ok(streamed.reduce((n, r) => n + r.findings.length, 0) > 100);
  });

  it('an input that could not be read is a result with its error; the others are analysed', () => {
    const out: FileResult[] = [];
    const run = streamScan([{ file: 'gone.yaml', error: 'cannot read: ENOENT' }, { file: 'p.yaml', text: 'a: 1\n' }], defaultSettings(), () => ({ error: 'x' }), (r) => out.push(r));
    assert.strictEqual(run.scanned, 1);
    assert.deepStrictEqual(out.map((r) => [r.file, r.errors.map((e) => e.message)]), [['gone.yaml', ['cannot read: ENOENT']], ['p.yaml', []]]);
  });
});
