/** The RuleTester itself (test/ruleTester.ts, #19): multi-file cases, the file of each finding, outputs per file. */
import * as assert from 'assert';
import { checkFixedText, checkInvalid, checkValid, duplicateCases, filesOf, locatedFindingsOf, InvalidCase } from '../ruleTester';
import { defaultSettings } from '../../server/src/engine/settings';

const sa = 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: api\n  namespace: shop\n';
const dep = (account: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\n  namespace: shop\nspec:\n  template:\n    spec:\n      serviceAccountName: ${account}\n      containers:\n        - name: api\n          image: registry.example.com/api:1.0.0\n`;
const wf = (file: string) => `name: ${file}\non: push\npermissions:\n  contents: write\njobs:\n  test:\n    uses: ./.github/workflows/test.yml\n`;
const callee = 'on: workflow_call\njobs:\n  unit:\n    permissions:\n      contents: read\n    runs-on: ubuntu-latest\n    steps:\n      - run: make test\n';
const fixed = (file: string) => `${wf(file)}    permissions:\n      contents: read\n`;
const twoCallers = (output: Record<string, string>): InvalidCase => ({
  files: { '.github/workflows/a.yml': wf('a'), '.github/workflows/b.yml': wf('b'), '.github/workflows/test.yml': callee },
  errors: [{ file: '.github/workflows/a.yml', line: 7, column: 5, message: "job 'test'" }, { file: '.github/workflows/b.yml', line: 7, column: 5, message: "job 'test'" }],
  output,
});

describe('RuleTester (#19)', () => {
  it('a single-file case of an object rule is analysed alone (analyzeText), as before', () => {
    const code = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: nginx:1.27\n      securityContext:\n        privileged: true\n';
    assert.deepStrictEqual(locatedFindingsOf('K8S003', { code }).map((x) => `${x.file}:${x.finding.range.start.line + 1}`), ['test.yaml:10']);
  });

  it('cross-file rules see the files of a case together, and each finding names its file', () => {
    assert.deepStrictEqual(locatedFindingsOf('K8S103', { files: { 'sa.yaml': sa, 'app.yaml': dep('apii') } }).map((x) => `${x.file}:${x.finding.range.start.line + 1}`), ['app.yaml:9']);
    // `code` is one more file of the case, named `file`
    assert.deepStrictEqual(locatedFindingsOf('K8S103', { file: 'app.yaml', code: dep('apii'), files: { 'sa.yaml': sa } }).map((x) => x.file), ['app.yaml']);
    // a cross-file rule's single-file case goes through scanTexts too (analyzeText never runs cross-file rules)
    assert.strictEqual(locatedFindingsOf('K8S103', { code: `${sa}---\n${dep('apii')}` }).length, 1);
    assert.throws(() => filesOf({ file: 'a.yaml', code: sa, files: { 'a.yaml': sa } }), /given twice/);
    assert.throws(() => filesOf({}), /give code or files/);
  });

  it('checks the file of each expected finding (default: the case\'s file)', () => {
    const c = { files: { 'sa.yaml': sa, 'app.yaml': dep('apii') }, errors: [{ file: 'app.yaml', line: 9, column: 27, message: "uses ServiceAccount 'apii'" }] };
    checkInvalid('K8S103', c);
    assert.throws(() => checkInvalid('K8S103', { ...c, errors: [{ ...c.errors[0], file: 'sa.yaml' }] }), /file of finding 0/);
    assert.throws(() => checkInvalid('K8S103', { ...c, errors: [{ ...c.errors[0], file: undefined }] }), /file of finding 0/);
    assert.throws(() => checkInvalid('K8S103', { ...c, errors: [{ ...c.errors[0], file: 'other.yaml' }] }), /not a file of the case/);
    assert.throws(() => checkInvalid('K8S103', { ...c, errors: [{ ...c.errors[0], severity: 'error' }] }), /severity of finding 0/);
    assert.throws(() => checkValid('K8S103', c), /expected no findings/);
    checkValid('K8S103', { files: { 'sa.yaml': sa, 'app.yaml': dep('api') } });
  });

  it('a multi-file output gives the text of each file that changes; the others must not change', () => {
    checkInvalid('GHA018', twoCallers({ '.github/workflows/a.yml': fixed('a'), '.github/workflows/b.yml': fixed('b') }));
    assert.throws(() => checkInvalid('GHA018', twoCallers({ '.github/workflows/a.yml': fixed('a') })), /b\.yml has no expected output, so it must not change/);
    assert.throws(() => checkInvalid('GHA018', twoCallers({ '.github/workflows/a.yml': fixed('a'), '.github/workflows/b.yml': wf('b') })), /output of \.github\/workflows\/b\.yml/);
    assert.throws(() => checkInvalid('GHA018', twoCallers({ '.github/workflows/a.yml': fixed('a'), '.github/workflows/b.yml': fixed('b'), 'c.yml': '' })), /c\.yml, which is not a file of the case/);
    // a rule with a fix: a case without output fails
    assert.throws(() => checkInvalid('GHA018', { ...twoCallers({}), output: undefined }), /declares a fix; give the expected output/);
  });

  it('a file named .palisade.yaml is reported by the configuration loader (K8S101)', () => {
    const code = 'podSecurity:\n  level: strict\n';
    assert.deepStrictEqual(locatedFindingsOf('K8S101', { file: 'deploy/.palisade.yaml', code }).map((x) => `${x.file}:${x.finding.range.start.line + 1}:${x.finding.range.start.character + 1}`), ['deploy/.palisade.yaml:2:10']);
    assert.deepStrictEqual(locatedFindingsOf('K8S101', { file: 'deploy/palisade.yaml', code }), []);
  });

  it('rejects duplicate cases (the same files, settings and fix as an earlier case)', () => {
    const code = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n';
    assert.deepStrictEqual(duplicateCases({ valid: [{ code }, { code: code + '# other\n' }], invalid: [] }), []);
    assert.deepStrictEqual(duplicateCases({ valid: [{ name: 'a', code }, { name: 'b', code }], invalid: [] }), ['valid b repeats valid a']);
    assert.deepStrictEqual(duplicateCases({ valid: [{ name: 'a', code }], invalid: [{ name: 'c', code, errors: [] }] }), ['invalid c repeats valid a']);
    // other settings or another fix: another case
    assert.deepStrictEqual(duplicateCases({ valid: [{ code }, { code, settings: { profile: 'default' } }], invalid: [{ code, errors: [] }, { code, errors: [], fix: 'Set' }] }), ['invalid 0 repeats valid 0']);
  });

  it('a fix\'s output must change the input and parse at least as well as it (snippet placeholders read with their defaults)', () => {
    const s = defaultSettings();
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n';
    checkFixedText('p.yaml', pod, pod.replace('name: p', 'name: q'), s);
    assert.throws(() => checkFixedText('p.yaml', pod, pod, s), /is its input/);
    assert.throws(() => checkFixedText('p.yaml', pod, pod + '  labels: {a: [\n', s), /does not parse as well as the input/);
    // a snippet's placeholder is not YAML, the text the editor fills in is
    checkFixedText('p.yaml', pod, pod + '  labels: {app: ${1:web}}\n', s, pod + '  labels: {app: web}\n');
    assert.throws(() => checkFixedText('p.yaml', pod, pod + '  labels: {app: ${1:web}}\n', s), /does not parse as well/);
    checkFixedText('Dockerfile', 'FROM alpine:3.20\n', 'FROM alpine:3.20\nUSER 65532\n', s);
  });

  it('matches findings by messageId and data, as ESLint\'s RuleTester (rules with meta.messages)', () => {
    const code = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext:\n        readOnlyRootFilesystem: false\n';
    const output = code.replace('readOnlyRootFilesystem: false', 'readOnlyRootFilesystem: true');
    const at = { line: 10, column: 9, endLine: 10, endColumn: 38 };
    checkInvalid('K8S020', { code, output, errors: [{ ...at, messageId: 'notTrue', data: { who: "Pod 'p', container 'app'", value: 'false' } }] });
    assert.throws(() => checkInvalid('K8S020', { code, output, errors: [{ ...at, messageId: 'notSet' }] }), /messageId of finding 0/);
    assert.throws(() => checkInvalid('K8S020', { code, output, errors: [{ ...at, messageId: 'notTrue', data: { who: "Pod 'p', container 'web'", value: 'false' } }] }), /with data/);
    assert.throws(() => checkInvalid('K8S020', { code, output, errors: [{ ...at, messageId: 'nope' }] }), /has no message 'nope'/);
    assert.throws(() => checkInvalid('K8S020', { code, output, errors: [{ ...at }] }), /give message or messageId/);
  });
});
