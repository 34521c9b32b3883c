/**
 * GHA018 gha-reusable-workflow-permissions (#22): a job calling a reusable workflow with more token
 * permissions than the called workflow's jobs declare (a local callee, another file of the scan), or,
 * when the callee cannot be read, with the default token or write-all. A workspace rule: the cases
 * are sets of files run through scanTexts (as the CLI and the language server run them), in the
 * spirit of test/ruleTester.ts: message substring, exact start, severity, and the text after the fix.
 */
import * as assert from 'assert';
import { scanTexts } from '../../server/src/engine/scan';
import { streamScan } from '../../server/src/cli/scan';
import { defaultSettings } from '../../server/src/engine/settings';
import { getRule } from '../../server/src/engine/rules';
import { applyTextEdits } from '../../server/src/engine/text';
import { allAt, DEFAULT_TOKEN } from '../../server/src/engine/rules/gha/reusable';
import type { Finding } from '../../server/src/engine/types';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { DidChangeTextDocumentNotification, DidOpenTextDocumentNotification, PublishDiagnosticsNotification, PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';
import { startInProcess } from '../../bench/inprocClient';

const ID = 'GHA018';
type Files = Record<string, string>;
interface Expected { file: string; line: number; column: number; message: string; severity: string; fix?: 'safe' | 'unsafe' }
interface Case { name: string; files: Files; errors: Expected[]; output?: Files }

function run(files: Files): { file: string; f: Finding }[] {
  const res = scanTexts(Object.entries(files).map(([file, text]) => ({ file, text })), { ...defaultSettings(), profile: 'strict' });
  return res.flatMap((r) => r.findings.filter((f) => f.ruleId === ID).map((f) => ({ file: r.file, f })));
}

function check(c: Case): void {
  const got = run(c.files);
  const show = got.map(({ file, f }) => `${file}:${f.range.start.line + 1}:${f.range.start.character + 1} ${f.severity} ${f.message}`).join('\n');
  assert.strictEqual(got.length, c.errors.length, `expected ${c.errors.length} findings, got:\n${show}`);
  c.errors.forEach((e, i) => {
    const { file, f } = got[i];
    assert.strictEqual(`${file}:${f.range.start.line + 1}:${f.range.start.character + 1}`, `${e.file}:${e.line}:${e.column}`, `start of finding ${i}: ${f.message}`);
    assert.ok(f.message.includes(e.message), `message ${JSON.stringify(f.message)} does not contain ${JSON.stringify(e.message)}`);
    assert.strictEqual(f.severity, e.severity, `severity of finding ${i}`);
    assert.deepStrictEqual(f.fixes.map((x) => x.applicability), e.fix ? [e.fix] : [], `fixes of finding ${i}`);
  });
  if (c.output) {
    for (const [file, want] of Object.entries(c.output)) {
      const edits = got.filter((g) => g.file === file).flatMap((g) => g.f.fixes[0]?.edits ?? []);
      assert.ok(edits.length, `no fix edits in ${file}`);
      assert.strictEqual(applyTextEdits(c.files[file], edits), want);
    }
    // the fixed files are clean
    assert.deepStrictEqual(run({ ...c.files, ...c.output }).map(({ file, f }) => `${file} ${f.message}`), []);
  }
}

const CI = '.github/workflows/ci.yml';
const TEST = '.github/workflows/test.yml';
const SHA = '11bd71901bbe5b1630ceea73d27597364c9af683';
/** A called workflow whose one job declares `perms` (a permissions block's lines, 6 spaces in). */
const callee = (perms: string, on = 'workflow_call') => `on: ${on}\njobs:\n  unit:\n${perms ? `    permissions:\n${perms}` : ''}    runs-on: ubuntu-latest\n    steps:\n      - run: make test\n`;
const READ = callee('      contents: read\n');

const cases: Case[] = [
  {
    name: 'workflow-level write scopes reach a local callee that declares contents: read (safe fix: a job block after uses:)',
    files: { [CI]: 'name: ci\non: push\npermissions:\n  contents: write\n  packages: write\njobs:\n  test:\n    # run the tests\n    uses: ./.github/workflows/test.yml # local\n', [TEST]: READ },
    errors: [{ file: CI, line: 9, column: 5, severity: 'warning', fix: 'safe', message: "job 'test' calls ./.github/workflows/test.yml with the workflow's permissions, granting contents: write, packages: write, more than the called workflow's jobs declare (contents: read at most); narrow the job's permissions to { contents: read }" }],
    output: { [CI]: 'name: ci\non: push\npermissions:\n  contents: write\n  packages: write\njobs:\n  test:\n    # run the tests\n    uses: ./.github/workflows/test.yml # local\n    permissions:\n      contents: read\n' },
  },
  {
    name: "the job's own block: values lowered, a scope alone on its line deleted, comments kept",
    files: {
      [CI]: 'on: push\npermissions: {}\njobs:\n  test:\n    uses: ./.github/workflows/test.yml\n    permissions:\n      contents: write # push tags\n      id-token: write\n      # the registry\n      packages: write\n',
      [TEST]: callee('      contents: read\n      packages: read\n'),
    },
    errors: [{ file: CI, line: 6, column: 5, severity: 'warning', fix: 'safe', message: 'granting contents: write, id-token: write, packages: write, more than the called workflow\'s jobs declare (contents: read, packages: read at most)' }],
    output: { [CI]: 'on: push\npermissions: {}\njobs:\n  test:\n    uses: ./.github/workflows/test.yml\n    permissions:\n      contents: read # push tags\n      # the registry\n      packages: read\n' },
  },
  {
    name: 'a flow block: values set to none rather than deleted',
    files: { [CI]: 'on: push\njobs:\n  test:\n    permissions: { contents: read, issues: write }\n    uses: ./.github/workflows/test.yml\n', [TEST]: READ },
    errors: [{ file: CI, line: 4, column: 5, severity: 'warning', fix: 'safe', message: 'granting issues: write' }],
    output: { [CI]: 'on: push\njobs:\n  test:\n    permissions: { contents: read, issues: none }\n    uses: ./.github/workflows/test.yml\n' },
  },
  {
    name: "the job's write-all: on the value (where GHA004 reports it too), replaced by the callee's scopes",
    files: { [CI]: 'on: push\njobs:\n  test:\n    permissions: write-all\n    uses: ./.github/workflows/test.yml\n', [TEST]: callee('      contents: read\n      id-token: write\n') },
    errors: [{ file: CI, line: 4, column: 18, severity: 'warning', fix: 'safe', message: 'with its permissions, granting actions: write, artifact-metadata: write' }],
    output: { [CI]: 'on: push\njobs:\n  test:\n    permissions: { contents: read, id-token: write }\n    uses: ./.github/workflows/test.yml\n' },
  },
  {
    name: 'the default token (no block anywhere): the fix is unsafe (a restricted default may grant less than it writes)',
    files: { [CI]: 'on: push\njobs:\n  test:\n    uses: ./.github/workflows/test.yml\n', [TEST]: READ },
    errors: [{ file: CI, line: 4, column: 5, severity: 'warning', fix: 'unsafe', message: "with the repository's default token (no permissions block in the job or the workflow, often read-write on every scope), granting actions: write" }],
    output: { [CI]: 'on: push\njobs:\n  test:\n    uses: ./.github/workflows/test.yml\n    permissions:\n      contents: read\n' },
  },
  {
    name: 'a callee that needs no scope: permissions: {} (CRLF kept, no final line break)',
    files: { [CI]: 'on: push\r\npermissions:\r\n  contents: read\r\njobs:\r\n  lint:\r\n    uses: ./.github/workflows/test.yml', [TEST]: 'on: workflow_call\npermissions: {}\njobs:\n  unit:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make lint\n' },
    errors: [{ file: CI, line: 6, column: 5, severity: 'info', fix: 'safe', message: 'granting contents: read, more than the called workflow\'s jobs declare (no scope at most); narrow the job\'s permissions to {}' }],
    output: { [CI]: 'on: push\r\npermissions:\r\n  contents: read\r\njobs:\r\n  lint:\r\n    uses: ./.github/workflows/test.yml\r\n    permissions: {}' },
  },
  {
    name: 'write scopes on a privileged trigger are an error naming it',
    files: { [CI]: 'on: pull_request_target\npermissions:\n  contents: write\njobs:\n  test:\n    uses: ./.github/workflows/test.yml\n', [TEST]: READ },
    errors: [{ file: CI, line: 6, column: 5, severity: 'error', fix: 'safe', message: 'exploitable: the pull_request_target trigger' }],
    output: { [CI]: 'on: pull_request_target\npermissions:\n  contents: write\njobs:\n  test:\n    uses: ./.github/workflows/test.yml\n    permissions:\n      contents: read\n' },
  },
  {
    name: "the callee's workflow-level permissions apply to its jobs without their own; the union over its jobs",
    files: {
      [CI]: 'on: push\npermissions: write-all\njobs:\n  release:\n    uses: ./.github/workflows/test.yml\n',
      [TEST]: 'on:\n  workflow_call:\npermissions:\n  contents: read\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps: [{ run: make }]\n  publish:\n    permissions:\n      contents: write\n      packages: write\n    runs-on: ubuntu-latest\n    steps: [{ run: make publish }]\n',
    },
    errors: [{ file: CI, line: 5, column: 5, severity: 'warning', fix: 'safe', message: 'declare (contents: write, packages: write at most)' }],
    output: { [CI]: 'on: push\npermissions: write-all\njobs:\n  release:\n    uses: ./.github/workflows/test.yml\n    permissions:\n      contents: write\n      packages: write\n' },
  },
  {
    name: 'a nested call without permissions needs what its own callee declares',
    files: {
      [CI]: 'on: push\npermissions:\n  contents: write\n  pages: write\njobs:\n  docs:\n    uses: ./.github/workflows/docs.yml\n',
      '.github/workflows/docs.yml': 'on: workflow_call\njobs:\n  build:\n    uses: ./.github/workflows/test.yml\n',
      [TEST]: READ,
    },
    errors: [{ file: CI, line: 7, column: 5, severity: 'warning', fix: 'safe', message: 'granting contents: write, pages: write' }],
  },
  {
    name: 'the callee needs more than the caller grants: nothing in excess (GitHub refuses such a run)',
    files: { [CI]: 'on: push\npermissions:\n  contents: read\njobs:\n  test:\n    uses: ./.github/workflows/test.yml\n', [TEST]: callee('      contents: write\n') },
    errors: [],
  },
  {
    name: 'exactly what the callee declares, and a job that does not call',
    files: { [CI]: `on: push\npermissions:\n  contents: read\njobs:\n  test:\n    uses: ./.github/workflows/test.yml\n  lint:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@${SHA}\n`, [TEST]: READ },
    errors: [],
  },
  {
    name: "a callee job that takes the caller's permissions: the need is unknown, explicit scopes are not reported",
    files: { [CI]: 'on: push\npermissions:\n  contents: write\njobs:\n  test:\n    uses: ./.github/workflows/test.yml\n', [TEST]: callee('') },
    errors: [],
  },
  {
    name: "a callee job that takes the caller's permissions, with the default token: reported, no fix",
    files: { [CI]: 'on: push\njobs:\n  test:\n    uses: ./.github/workflows/test.yml\n', [TEST]: callee('') },
    errors: [{ file: CI, line: 4, column: 5, severity: 'warning', message: "./.github/workflows/test.yml lets its jobs take the caller's permissions as they are, so give the job a permissions block" }],
  },
  {
    name: 'a remote callee with the default token (zizmor: default permissions used due to no permissions: block)',
    files: { [CI]: 'on: push\njobs:\n  call:\n    uses: octo-org/example-repo/.github/workflows/build.yml@v1\n' },
    errors: [{ file: CI, line: 4, column: 5, severity: 'warning', message: "job 'call' calls octo-org/example-repo/.github/workflows/build.yml@v1 with the repository's default token (no permissions block in the job or the workflow, often read-write on every scope); octo-org/example-repo/.github/workflows/build.yml@v1 cannot be read here" }],
  },
  {
    name: 'a remote callee with write-all: an error (workflow level, reported on the job)',
    files: { [CI]: 'on: push\npermissions: write-all\njobs:\n  call:\n    uses: octo-org/example-repo/.github/workflows/build.yml@v1\n' },
    errors: [{ file: CI, line: 5, column: 5, severity: 'error', message: "with permissions: write-all (the workflow's): every scope of the token is writable by the called workflow" }],
  },
  {
    name: 'a remote callee with explicit scopes or read-all: nothing to compare them with',
    files: { [CI]: 'on: push\npermissions:\n  contents: write\njobs:\n  a:\n    uses: o/r/.github/workflows/a.yml@v1\n  b:\n    permissions: read-all\n    uses: o/r/.github/workflows/a.yml@v1\n' },
    errors: [],
  },
  {
    name: 'a local callee that is not among the scanned files, and a caller outside .github/workflows (root unknown)',
    files: {
      [CI]: 'on: issue_comment\njobs:\n  test:\n    uses: ./.github/workflows/missing.yml\n',
      'ci/caller.yml': 'on: push\npermissions: write-all\njobs:\n  test:\n    uses: ./.github/workflows/test.yml\n',
      [TEST]: READ,
    },
    errors: [
      { file: CI, line: 4, column: 5, severity: 'error', message: './.github/workflows/missing.yml is not among the scanned files, so give the job a permissions block with the scopes it needs (e.g. contents: read); exploitable: the issue_comment trigger' },
      { file: 'ci/caller.yml', line: 5, column: 5, severity: 'error', message: 'is not among the scanned files' },
    ],
  },
  {
    name: 'calls in a cycle, a callee that is not a reusable workflow, invalid permissions: no verdict on the need',
    files: {
      [CI]: 'on: push\npermissions:\n  contents: write\njobs:\n  a:\n    uses: ./.github/workflows/loop.yml\n  b:\n    uses: ./.github/workflows/test.yml\n  c:\n    permissions:\n      contents: writ\n    uses: o/r/.github/workflows/a.yml@v1\n',
      '.github/workflows/loop.yml': 'on: workflow_call\njobs:\n  again:\n    uses: ./.github/workflows/loop.yml\n',
      [TEST]: callee('      contents: read\n', 'push'),
    },
    errors: [],
  },
  {
    name: 'with the default token, a callee that does not parse or is not reusable is said to be so',
    files: {
      [CI]: 'on: push\njobs:\n  a:\n    uses: ./.github/workflows/broken.yml\n  b:\n    uses: ./.github/workflows/test.yml\n',
      '.github/workflows/broken.yml': 'on: workflow_call\njobs:\n  x: [\n',
      [TEST]: callee('      contents: read\n', 'push'),
    },
    errors: [
      { file: CI, line: 4, column: 5, severity: 'warning', message: './.github/workflows/broken.yml is not a workflow that could be analysed' },
      { file: CI, line: 6, column: 5, severity: 'warning', message: './.github/workflows/test.yml is not a reusable workflow (no workflow_call trigger)' },
    ],
  },
  {
    name: 'a job written as a flow mapping: reported without a fix',
    files: { [CI]: 'on: push\npermissions:\n  contents: write\njobs:\n  test: { uses: ./.github/workflows/test.yml }\n', [TEST]: READ },
    errors: [{ file: CI, line: 5, column: 11, severity: 'warning', message: 'granting contents: write' }],
  },
];

describe('rule GHA018 gha-reusable-workflow-permissions', () => {
  it('is registered as a workspace rule', () => assert.strictEqual(getRule(ID)?.target, 'workspace'));
  for (const c of cases) it(c.name, () => check(c));

  it('reads grants as GitHub does: read-all has no id-token, write-all only reads models, the default writes but id-token', () => {
    assert.strictEqual(allAt(1)['id-token'], 0);
    assert.strictEqual(allAt(2)['models'], 1);
    assert.strictEqual(allAt(2)['id-token'], 2);
    assert.strictEqual(DEFAULT_TOKEN['id-token'], 0);
    assert.strictEqual(DEFAULT_TOKEN['contents'], 2);
  });

  it('relates the finding to the called workflow', () => {
    const [{ f }] = run({ [CI]: 'on: push\npermissions:\n  contents: write\njobs:\n  test:\n    uses: ./.github/workflows/test.yml\n', [TEST]: READ });
    assert.deepStrictEqual(f.related?.map((r) => `${r.file}:${r.range.start.line + 1} ${r.message}`), [`${TEST}:2 the called workflow's jobs declare contents: read at most`]);
  });

  it('is suppressed by a zizmor ignore comment for excessive-permissions, and by palisade-ignore', () => {
    const files = (above: string, after = '') => ({ [CI]: `on: push\npermissions:\n  contents: write\njobs:\n  test:\n${above}    uses: ./.github/workflows/test.yml${after}\n`, [TEST]: READ });
    assert.strictEqual(run(files('')).length, 1);
    assert.strictEqual(run(files('', ' # zizmor: ignore[template-injection]')).length, 1);
    assert.deepStrictEqual(run(files('', ' # zizmor: ignore[excessive-permissions]')), []);
    assert.deepStrictEqual(run(files('    # palisade-ignore GHA018 -- the callee grows soon\n')), []);
  });

  it('file URIs and Windows paths resolve the callee like paths', () => {
    const base = 'file:///home/u/my%20repo/.github/workflows/';
    assert.strictEqual(run({ [base + 'ci.yml']: 'on: push\npermissions:\n  contents: write\njobs:\n  t:\n    uses: ./.github/workflows/test.yml\n', [base + 'test.yml']: READ })[0]?.f.severity, 'warning');
    const win = 'C:\\src\\repo\\.github\\workflows\\';
    assert.strictEqual(run({ [win + 'ci.yml']: 'on: push\npermissions:\n  contents: write\njobs:\n  t:\n    uses: ./.github/workflows/test.yml\n', [win + 'test.yml']: READ }).length, 1);
    // without the callee, the same caller is not reported (explicit scopes, callee unknown)
    assert.strictEqual(run({ [win + 'ci.yml']: 'on: push\npermissions:\n  contents: write\njobs:\n  t:\n    uses: ./.github/workflows/test.yml\n' }).length, 0);
  });

  it("the CLI's streaming scan feeds workflow files (no Kubernetes objects) to the rule", () => {
    const out: Finding[] = [];
    streamScan([
      { file: CI, text: 'on: push\npermissions:\n  contents: write\njobs:\n  test:\n    uses: ./.github/workflows/test.yml\n' },
      { file: TEST, text: READ },
    ], { ...defaultSettings(), profile: 'strict' }, () => ({ error: 'not read' }), (r) => out.push(...r.findings));
    assert.deepStrictEqual(out.filter((f) => f.ruleId === ID).map((f) => f.range.start.line + 1), [6]);
  });
});

describe('GHA018 in the language server (in process)', function () {
  this.timeout(30000);
  let dir: string;
  beforeEach(() => { dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'palisade-gha018-'))); });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reports an open caller against the callee on disk, and follows edits of the callee open in the editor', async () => {
    const wfDir = path.join(dir, '.github', 'workflows');
    fs.mkdirSync(wfDir, { recursive: true });
    const caller = 'on: push\npermissions:\n  contents: write\njobs:\n  test:\n    uses: ./.github/workflows/test.yml\n';
    fs.writeFileSync(path.join(wfDir, 'ci.yml'), caller);
    fs.writeFileSync(path.join(wfDir, 'test.yml'), READ);
    const ciUri = pathToFileURL(path.join(wfDir, 'ci.yml')).toString();
    const testUri = pathToFileURL(path.join(wfDir, 'test.yml')).toString();
    const { conn } = await startInProcess(pathToFileURL(dir).toString());
    const seen: PublishDiagnosticsParams[] = [];
    let wake = () => {};
    conn.onNotification(PublishDiagnosticsNotification.type, (p) => { seen.push(p); wake(); });
    /** Waits for a publish of `uri` whose GHA018 lines are `lines`. */
    const until = async (uri: string, lines: number[]) => {
      const end = Date.now() + 20000;
      for (;;) {
        const last = seen.filter((p) => p.uri === uri).pop();
        const got = last?.diagnostics.filter((d) => d.code === ID).map((d) => d.range.start.line + 1);
        if (got && JSON.stringify(got) === JSON.stringify(lines)) return;
        if (Date.now() > end) throw new Error(`${uri}: GHA018 on lines ${JSON.stringify(got)}, want ${JSON.stringify(lines)}`);
        await new Promise<void>((r) => { wake = r; setTimeout(r, 200); });
      }
    };
    try {
      void conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: ciUri, languageId: 'yaml', version: 1, text: caller } });
      await until(ciUri, [6]);
      // the callee, opened and edited (not saved): its job now declares contents: write, all the caller grants
      void conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: testUri, languageId: 'yaml', version: 1, text: READ } });
      void conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: testUri, version: 2 }, contentChanges: [{ text: READ.replace('contents: read', 'contents: write') }] });
      await until(ciUri, []);
      // and back
      void conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: testUri, version: 3 }, contentChanges: [{ text: READ }] });
      await until(ciUri, [6]);
    } finally {
      conn.dispose();
    }
  });
});
