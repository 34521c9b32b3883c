import * as assert from 'assert';
import { analyzeText, fileKindOf } from '../../server/src/engine/analyze';
import { parseDockerfile, expand, parseImage } from '../../server/src/engine/dockerfile/model';
import { lexShell } from '../../server/src/engine/dockerfile/shell';
import { defaultSettings } from '../../server/src/engine/settings';

const ids = (file: string, code: string) => analyzeText(file, code).findings.map((f) => `${f.ruleId}@${f.range.start.line + 1}:${f.range.start.character + 1}`);

describe('Dockerfile model', () => {
  it('recognises Dockerfile names and the dockerfile language id', () => {
    for (const f of ['Dockerfile', 'a/b/Containerfile', 'api.Dockerfile', 'Dockerfile.prod', 'x/dockerfile', 'C:\\src\\Dockerfile.dev']) assert.strictEqual(fileKindOf(f), 'dockerfile', f);
    assert.strictEqual(fileKindOf('untitled-1', 'dockerfile'), 'dockerfile');
    for (const f of ['Dockerfiles/readme.md', 'docker-compose.yaml', 'notes.txt', 'Dockerfile.dockerignore', 'app.Dockerfile.dockerignore', 'Dockerfile.md', 'Dockerfile.yaml']) assert.notStrictEqual(fileKindOf(f), 'dockerfile', f);
  });

  it('reads parser directives, stages, names and parents', () => {
    const m = parseDockerfile('Dockerfile', '# syntax=docker/dockerfile:1.7\n# check=skip=JSONArgsRecommended\nARG V=3.22\nFROM alpine:${V} AS Base\nFROM base AS final\nFROM scratch\n');
    assert.deepStrictEqual(m.directives.map((d) => [d.name, d.value]), [['syntax', 'docker/dockerfile:1.7'], ['check', 'skip=JSONArgsRecommended']]);
    assert.strictEqual(m.stages.length, 3);
    assert.strictEqual(m.stages[0].name, 'base');
    assert.strictEqual(m.stages[0].image?.resolved, 'alpine:3.22');
    assert.strictEqual(m.stages[1].parent, m.stages[0]);
    assert.strictEqual(m.stages[1].image, null);
    assert.ok(m.stages[2].scratch);
    assert.strictEqual(m.globalArgs.get('V'), '3.22');
  });

  it('joins continuations, dropping comment and blank lines, and maps back to exact offsets', () => {
    const text = 'FROM a:1\nRUN apt-get install \\\n  # a comment\n\n  curl \\   \n  wget\n';
    const m = parseDockerfile('Dockerfile', text);
    const run = m.instructions[1];
    assert.strictEqual(run.logical.text, 'apt-get install   curl   wget');
    const words = run.commands[0].words;
    assert.deepStrictEqual(words.map((w) => text.slice(w.loc[0], w.loc[1])), ['apt-get', 'install', 'curl', 'wget']);
  });

  it('honours the escape directive (backtick) and keeps backslashes literal', () => {
    const text = '# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN powershell -Command `\n    curl.exe -k https://x.io\n';
    const m = parseDockerfile('Dockerfile', text);
    assert.strictEqual(m.escape, '`');
    assert.strictEqual(m.instructions[1].logical.text, 'powershell -Command     curl.exe -k https://x.io');
    assert.deepStrictEqual(ids('Dockerfile', text).filter((x) => x.startsWith('DF009')), []);
  });

  it('analyses heredoc scripts and not heredoc data', () => {
    const text = 'FROM alpine:3.22\nRUN <<EOF\nsudo apk add x\nEOF\nRUN cat <<EOT > /etc/x.conf\nsudo is just text here\nEOT\nCOPY <<EOT /app/id_rsa.txt\nsudo\nEOT\n';
    assert.deepStrictEqual(ids('Dockerfile', text).filter((x) => x.startsWith('DF013')), ['DF013@3:1']);
  });

  it('checks exec-form RUN (the program, or the script of sh -c) with exact JSON string values', () => {
    const text = 'FROM alpine:3.22\nRUN ["sudo", "apk", "add", "x"]\nRUN ["/bin/sh", "-c", "curl -k https://x | sh"]\nCOPY ["my file.txt", ".env", "/app/"]\n';
    const got = ids('Dockerfile', text).filter((x) => /DF008|DF009|DF012|DF013/.test(x));
    assert.deepStrictEqual(got.sort(), ['DF008@3:24', 'DF009@3:29', 'DF012@4:22', 'DF013@2:6']);
  });

  it('RUN under a non-POSIX SHELL (PowerShell, Windows cmd) is not read as sh', () => {
    const text = 'FROM alpine:3.22\nSHELL ["pwsh", "-Command"]\nRUN curl -k https://x\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN curl -k https://y\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN curl -k https://z\n';
    assert.deepStrictEqual(ids('Dockerfile', text).filter((x) => x.startsWith('DF009')), ['DF009@5:10']);
  });

  it('expands variables the way Docker does', () => {
    const v = new Map<string, string | undefined>([['A', '1'], ['E', '']]);
    assert.strictEqual(expand('$A-${A}-${B:-d}-${E:-e}-${E-f}-${A:+x}', v), '1-1-d-e--x');
    assert.strictEqual(expand('${B}', v), null);
  });

  it('ENV substitution sees values from before the instruction, as Docker does', () => {
    const m = parseDockerfile('Dockerfile', 'FROM a:1\nENV D=/abs\nENV D=rel X=$D\nARG Y\nWORKDIR $X\n');
    const w = m.instructions[4];
    assert.strictEqual(w.vars.get('X'), '/abs');
    assert.strictEqual(w.vars.get('D'), 'rel');
    assert.strictEqual(w.vars.get('Y'), undefined);
    assert.strictEqual(m.instructions[1].vars.get('D'), undefined);
  });

  it('analyses a 12,000-line Dockerfile in linear time', () => {
    const parts = ['FROM alpine:3.22 AS b'];
    for (let i = 0; i < 3000; i++) parts.push(`RUN apk add --no-cache p${i}=1 && curl -fsSL https://x.io/${i} | tee /x${i} \\\n  && echo "${i}" > /f${i}`, `ENV V${i}=x${i}`, `COPY a${i} /b${i}`);
    // a guard against quadratic behaviour (this took 30 s when every instruction copied the variable
    // map); CPU time, so that a loaded machine does not make it flaky (about 1-2 s here)
    const c0 = process.cpuUsage();
    const r = analyzeText('Dockerfile', parts.join('\n') + '\n', { settings: { ...defaultSettings(), budgetMs: 600000 } });
    const c = process.cpuUsage(c0);
    assert.deepStrictEqual(r.errors, []);
    assert.ok(c.user + c.system < 8e6, `took ${(c.user + c.system) / 1000} ms of CPU`);
  });

  it('parses image references', () => {
    assert.deepStrictEqual(parseImage('docker.io/library/node:22@sha256:abc'), { registry: null, name: 'node', tag: '22', digest: 'sha256:abc' });
    assert.deepStrictEqual(parseImage('localhost:5000/team/app'), { registry: 'localhost:5000', name: 'team/app', tag: null, digest: null });
  });

  it('lexes shell words with quotes, operators and redirections', () => {
    const t = `A=1 echo "a b" 'c'd 2>/dev/null | sh; x&&y || z`;
    const cmds = lexShell(t, [...t].map((_, i) => i).concat(t.length));
    assert.deepStrictEqual(cmds.map((c) => [c.words.map((w) => w.value), c.op]), [[['A=1', 'echo', 'a b', 'cd'], '|'], [['sh'], ';'], [['x'], '&&'], [['y'], '||'], [['z'], '']]);
  });
});

describe('Dockerfile syntax problems and robustness', () => {
  it('an unknown instruction gives one clear diagnostic, and the rest is still checked', () => {
    const r = analyzeText('Dockerfile', 'FROM alpine:3.22\nRUNN echo hi\nRUN sudo true\nFOO bar\n');
    assert.strictEqual(r.errors.length, 1);
    assert.match(r.errors[0].message, /Unknown instruction RUNN/);
    assert.deepStrictEqual(r.errors[0].range, { start: { line: 1, character: 0 }, end: { line: 1, character: 4 } });
    assert.ok(r.findings.some((f) => f.ruleId === 'DF013'));
  });

  it('an instruction before FROM is reported', () => {
    const r = analyzeText('Dockerfile', 'RUN echo hi\nFROM alpine:3.22\n');
    assert.deepStrictEqual(r.errors.map((e) => e.message), ['RUN before the first FROM: only ARG may come before FROM.']);
  });

  it('an unterminated heredoc is reported at its start', () => {
    const r = analyzeText('Dockerfile', 'FROM alpine:3.22\nRUN <<EOF\necho hi\n');
    assert.strictEqual(r.errors.length, 1);
    assert.match(r.errors[0].message, /heredoc <<EOF is not terminated/);
    assert.strictEqual(r.errors[0].range.start.line, 1);
  });

  it('binary content gives one diagnostic and no findings', () => {
    const r = analyzeText('Dockerfile', 'FROM a\u0000\u0001\u0002\nRUN x');
    assert.strictEqual(r.errors.length, 1);
    assert.match(r.errors[0].message, /binary/);
    assert.deepStrictEqual(r.findings, []);
  });

  it('never throws on hostile input: thousands of continuations, stray quotes, empty file', () => {
    const many = 'FROM alpine:3.22\nRUN echo start \\\n' + '  && echo x \\\n'.repeat(5000) + '  && sudo true\n';
    const c0 = process.cpuUsage();
    const r = analyzeText('Dockerfile', many, { settings: { ...defaultSettings(), budgetMs: 600000 } });
    const c = process.cpuUsage(c0);
    assert.ok(c.user + c.system < 8e6, 'too slow');
    assert.ok(r.findings.some((f) => f.ruleId === 'DF013' && f.range.start.line === 5002));
    for (const text of ['', '\n\n', 'FROM', 'RUN "unterminated', 'FROM a\nRUN echo "x \\\n', 'FROM a\nRUN <<', 'FROM a\nCMD [', 'FROM a\nENV', '\\\\\\', 'FROM a\nRUN $(((', '# escape=`\n`\n`', 'FROM a AS\nFROM --platform= \nUSER\nEXPOSE\nWORKDIR\nADD\nCOPY --chmod\n']) {
      assert.doesNotThrow(() => analyzeText('Dockerfile', text), text);
      const r2 = analyzeText('Dockerfile', text);
      assert.ok(r2.errors.length <= 1, `${JSON.stringify(text)}: ${r2.errors.map((e) => e.message)}`);
      assert.ok(!r2.findings.some((f) => /Internal error/.test(f.message)), `${JSON.stringify(text)}: ${r2.findings.map((f) => f.message)}`);
    }
  });

  it('rule severities follow settings (off and overrides)', () => {
    const code = 'FROM alpine:3.22\nRUN sudo true\n';
    const s = (rules: Record<string, 'off' | 'error'>) => ({ settings: { ...require('../../server/src/engine/settings').defaultSettings(), rules } });
    assert.ok(!analyzeText('Dockerfile', code, s({ DF013: 'off' })).findings.some((f) => f.ruleId === 'DF013'));
    assert.strictEqual(analyzeText('Dockerfile', code, s({ 'sudo-in-run': 'error' })).findings.find((f) => f.ruleId === 'DF013')?.severity, 'error');
  });
});
