import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { execFileSync, spawnSync } from 'child_process';
import { parseChunk } from '../../server/src/engine/yaml/parse';
import { objectsOf } from '../../server/src/engine/k8s/model';
import { LineIndex } from '../../server/src/engine/text';
import { defaultSettings } from '../../server/src/engine/settings';
import type { K8sRule, Report, RuleContext } from '../../server/src/engine/rule';

// `npm run new-rule -- ID name` (scripts/new-rule.mjs, #19): what it writes typechecks against the real engine and
// test helpers, the rule it writes runs, and it refuses ids, names and families it must not scaffold.
const ROOT = path.resolve(__dirname, '..', '..');
const SCRIPT = path.join(ROOT, 'scripts', 'new-rule.mjs');

/** A temporary folder the scaffold writes into, laid out like the repository (typechecked with rootDirs). */
function tempTree(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'palisade-new-rule-'));
}

function run(args: string[]) {
  return spawnSync(process.execPath, [SCRIPT, ...args], { cwd: ROOT, encoding: 'utf8' });
}

describe('npm run new-rule (scripts/new-rule.mjs)', function () {
  this.timeout(120_000);
  let dir: string;
  before(() => { dir = tempTree(); });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes a rule file and a test file that typecheck, and prints the registry lines', () => {
    const r = run(['RBAC099', 'scaffold-probe', '--kind', 'ClusterRole', '--out', dir]);
    assert.strictEqual(r.status, 0, r.stderr);
    const ruleFile = path.join(dir, 'server/src/engine/rules/rbac/RBAC099-scaffold-probe.ts');
    const testFile = path.join(dir, 'test/rbac/RBAC099-scaffold-probe.test.ts');
    assert.ok(fs.existsSync(ruleFile) && fs.existsSync(testFile), r.stdout);
    assert.match(r.stdout, /import rrbac099 from '\.\/RBAC099-scaffold-probe';/);
    assert.match(r.stdout, /server\/src\/engine\/rules\/rbac\/index\.ts/);
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({
      extends: path.join(ROOT, 'tsconfig.json'),
      // rootDirs: the generated files' relative imports (../../rule, ../ruleTester) resolve in the repository
      compilerOptions: { noEmit: true, rootDirs: [dir, ROOT], typeRoots: [path.join(ROOT, 'node_modules', '@types')], noUnusedLocals: true },
      include: [], files: [ruleFile, testFile],
    }));
    const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    try {
      execFileSync(process.execPath, [tsc, '-p', path.join(dir, 'tsconfig.json')], { cwd: dir, encoding: 'utf8' });
    } catch (e) {
      assert.fail(`generated files do not typecheck:\n${(e as { stdout?: string }).stdout}`);
    }
  });

  it('the generated rule runs: it reports its placeholder condition on the object of its kind only', () => {
    const ruleFile = path.join(dir, 'server/src/engine/rules/rbac/RBAC099-scaffold-probe.ts');
    // the generated file imports defineRule from ../../rule: there, the repository's module
    fs.writeFileSync(path.join(dir, 'server/src/engine/rule.ts'), `export * from ${JSON.stringify(path.join(ROOT, 'server/src/engine/rule'))};\n`);
    const rule = (require(ruleFile) as { default: K8sRule }).default;
    assert.strictEqual(rule.meta.id, 'RBAC099');
    assert.strictEqual(rule.meta.name, 'scaffold-probe');
    const text = (kind: string, v: string) => `apiVersion: rbac.authorization.k8s.io/v1\nkind: ${kind}\nmetadata:\n  name: x\n  annotations:\n    example.com/todo: "${v}"\n`;
    const reports = (t: string): Report[] => {
      const out: Report[] = [];
      const ctx: RuleContext = { file: 'a.yaml', text: t, lines: new LineIndex(t), settings: defaultSettings(), pss: { level: 'restricted', minor: 99 }, report: (r) => out.push(r) };
      for (const o of objectsOf(parseChunk({ offset: 0, text: t }, 0))) rule.check(o, ctx);
      return out;
    };
    const hit = reports(text('ClusterRole', 'true'));
    assert.strictEqual(hit.length, 1);
    assert.strictEqual(text('ClusterRole', 'true').slice(hit[0].loc[0], hit[0].loc[0] + 16), 'example.com/todo');
    assert.deepStrictEqual(reports(text('ClusterRole', 'false')), []);
    assert.deepStrictEqual(reports(text('Role', 'true')), []);
  });

  it('refuses an id or a name already in use, a file that exists, and families that are not over Kubernetes objects', () => {
    for (const [args, msg] of [
      [['K8S035', 'some-new-name'], /K8S035 is already used in server\/src\/engine\/rules\/k8s\/K8S035-image-tag\.ts/],
      [['K8S099', 'image-tag'], /name image-tag is already used/],
      [['RBAC099', 'scaffold-probe', '--out', dir], /exists/],
      [['DF099', 'x'], /DF rules are not over Kubernetes objects/],
      [['K8S99', 'x'], /not of the form FAMILY000/],
      [['K8S099', 'Not_Kebab'], /not kebab-case/],
      [['K8S099'], /give an id and a name/],
    ] as [string[], RegExp][]) {
      const r = run(args);
      assert.strictEqual(r.status, 2, `${args.join(' ')}: ${r.stdout}`);
      assert.match(r.stderr, msg, args.join(' '));
    }
    assert.ok(!fs.existsSync(path.join(ROOT, 'server/src/engine/rules/k8s/K8S099-some-new-name.ts')));
  });
});
