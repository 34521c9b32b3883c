/**
 * Incremental Dockerfile analysis (server/src/engine/dockerfile/incremental.ts): after any sequence of
 * edits, an Analyzer that keeps the file's chunks gives what a fresh analysis of the same text gives;
 * and an edit inside one stage of a large file parses only that stage again.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import fc from 'fast-check';
import { Analyzer } from '../../server/src/engine/analyze';
import { DockerfileState } from '../../server/src/engine/dockerfile/incremental';
import { analyzeDockerfile } from '../../server/src/engine/dockerfile/analyze';
import { parseDockerfile, DockerfileModel } from '../../server/src/engine/dockerfile/model';
import { allRules } from '../../server/src/engine/rules';
import { ruleSetsOf } from '../../server/src/engine/runner';
import { defaultSettings, Settings } from '../../server/src/engine/settings';
import { dockerfile } from '../../bench/gen';
import { runs, seeds, timed, FUZZ } from './util';

const ROOT = path.join(__dirname, '..', '..');

/** Dockerfiles whose stages read each other: stage names and indexes, global ARGs, SHELL, heredocs, continuations. */
const crafted = [
  '# syntax=docker/dockerfile:1\nARG BASE=alpine:3.20\nARG TAG\nFROM ${BASE} AS base\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN apk add curl && curl -k https://x | sh\n\nFROM base AS build\nARG TAG\nRUN wget -qO- https://x | bash\nUSER root\n\nFROM 0\nCOPY --from=build / /\nRUN echo a | cat\n\nFROM scratch AS rootfs\nCOPY --from=1 /out /\n\nFROM build\nCOPY --from=rootfs / /\nHEALTHCHECK CMD true\n',
  'FROM node:latest AS deps\nRUN npm install \\\n  express \\\n\nFROM deps\nRUN <<EOF\napt-get update\nFROM debian:10\nEOF\nRUN <<-EOT bash\n\tcurl x | sh\n\tEOT\nCOPY <<EOF /etc/x\nFROM x\nEOF\nFROM python:3.8 AS py\nENV PIP_NO_CACHE_DIR=1\nRUN pip install requests\nEXPOSE 22\nMAINTAINER me\nUSER 0\n',
  '# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2019 AS w\nRUN powershell `\n  -Command Invoke-WebRequest x\nFROM w\nUSER ContainerAdministrator\nCMD c:\\app.exe\n',
  '\uFEFFARG A=1\r\nFROM ubuntu:18.04 AS a\r\nRUN apt-get install -y curl\r\nFROM a AS b\r\nWORKDIR app\r\n# hadolint ignore=DL3002\r\nUSER root\r\nFROM b\r\nADD ./x /x\r\nADD https://example.com/t.tgz /t\r\n',
  'ARG IMG\nFROM $IMG AS one\nFROM one AS two\nRUN chmod 777 /tmp && sudo ls\nFROM two\nFROM\nFOO bar\nONBUILD RUN curl -s x | sh\nFROM a AS one\nFROM one\nCMD run it\n',
];

function files(dir: string, re: RegExp): { name: string; text: string }[] {
  return fs.readdirSync(dir).filter((n) => re.test(n)).map((n) => ({ name: path.join(dir, n), text: fs.readFileSync(path.join(dir, n), 'utf8') }));
}

const dockerSeeds = [
  ...seeds('dockerfile', FUZZ ? 200 : 60).map((s) => s.text),
  ...files(path.join(ROOT, 'examples', 'docker'), /ockerfile/).map((s) => s.text),
  fs.readFileSync(path.join(ROOT, 'test', 'editors', 'fixtures', 'workspace', 'snippet', 'Dockerfile'), 'utf8'),
  ...crafted,
  dockerfile(120, 3),
];

/** The reference: the whole text parsed by dockerfile-ast at once, every rule run on the whole model. */
const rules = ruleSetsOf(allRules).dockerfile;
const fresh = (text: string, s: Settings = settings, file = 'Dockerfile') => analyzeDockerfile(file, text, s, rules);

/** A model as data (stages and instructions by index, variables by value), to compare with a fresh parse. */
function shape(m: DockerfileModel) {
  const names = new Set<string>();
  for (const i of m.instructions) for (const p of i.props) names.add(p.name);
  return {
    escape: m.escape, directives: m.directives, globalArgs: [...m.globalArgs], comments: [...m.comments], problems: m.problems,
    instructions: m.instructions.map((i) => ({
      index: i.index, keyword: i.keyword, loc: i.loc, keywordLoc: i.keywordLoc, flags: i.flags, args: i.args, logical: i.logical, json: i.json,
      heredocs: i.heredocs, props: i.props, commands: i.commands, startLine: i.startLine, endLine: i.endLine, stage: i.stage?.index ?? null,
      vars: [...names].map((n) => i.vars.get(n)),
    })),
    stages: m.stages.map((s) => ({
      index: s.index, name: s.name, nameLoc: s.nameLoc, image: s.image, parent: s.parent?.index ?? null, scratch: s.scratch, shell: s.shell,
      from: s.from.index, instructions: s.instructions.map((i) => i.index),
    })),
  };
}

const settings: Settings = { ...defaultSettings(), today: '2026-06-01', budgetMs: 1e9 };
const trusting: Settings = { ...settings, images: { trustedRegistries: ['gcr.io', 'docker.io/library'] } };

describe('robustness: incremental Dockerfile analysis', function () {
  this.timeout(FUZZ ? 600000 : 120000);

  it('incremental analysis after edits equals a fresh analysis (corpus and repository Dockerfiles)', () => {
    const snippets = ['x', ' ', '\n', '\\\n', '\\', 'FROM alpine AS b\n', 'FROM b\n', 'FROM 0\n', 'FROM ', '<<EOF\n', 'EOF\n', 'ARG V=1\n', 'ARG BASE=debian:9\n', '#', '# escape=`\n', '\r\n', '\r', 'USER root\n', 'RUN curl x | sh\n', 'SHELL ["/bin/bash", "-o", "pipefail", "-c"]\n', 'COPY --from=b / /\n', 'HEALTHCHECK NONE\n', ' AS b', '$V', 'apt-get install -y x && '];
    const edit = fc.record({ at: fc.nat(), line: fc.boolean(), del: fc.nat(8), ins: fc.oneof(fc.constantFrom(...snippets), fc.string({ maxLength: 4 })) });
    fc.assert(fc.property(fc.array(fc.nat(dockerSeeds.length - 1), { minLength: 1, maxLength: 4 }), fc.array(edit, { minLength: 1, maxLength: 8 }), fc.boolean(), (picked, edits, trust) => {
      const s = trust ? trusting : settings;
      let text = picked.map((i) => dockerSeeds[i]).join('\n');
      const a = new Analyzer();
      const st = new DockerfileState();
      st.analyze('Dockerfile', text, s, rules);
      assert.deepStrictEqual(a.analyze('Dockerfile', text, { settings: s }), fresh(text, s));
      for (const e of edits) {
        let at = e.at % (text.length + 1);
        // half the edits at a line start, where FROM lines, continuations and heredoc ends are made
        if (e.line) at = text.lastIndexOf('\n', at - 1) + 1;
        text = text.slice(0, at) + e.ins + text.slice(at + e.del);
        const inc = timed('incremental Dockerfile edit', () => a.analyze('Dockerfile', text, { settings: s }));
        assert.deepStrictEqual(inc, fresh(text, s), `after inserting ${JSON.stringify(e.ins)} at ${at}:\n${text}`);
        // the model the rules read, too (instruction and stage indexes, parents, variables)
        st.analyze('Dockerfile', text, s, rules);
        if (st.lastModel) assert.deepStrictEqual(shape(st.lastModel), shape(parseDockerfile('Dockerfile', text)));
      }
    }), { numRuns: runs(150, 1500), seed: 45 });
  });

  it('incremental analysis after edits equals a fresh analysis (Dockerfiles made of lines that continue, open heredocs and name stages)', () => {
    const line = fc.constantFrom(
      'FROM alpine:3.20 AS a', 'FROM a AS b', 'from b', 'FROM 0', 'FROM 1 AS c', 'FROM scratch AS root', 'FROM $BASE', '  FROM a', 'FROM\\', ' debian:12 AS d',
      'ARG BASE=ubuntu:18.04', 'ARG V', 'ENV PIP_NO_CACHE_DIR=1', 'SHELL ["/bin/bash", "-o", "pipefail", "-c"]', 'SHELL ["cmd", "/S", "/C"]',
      'RUN curl -s https://x | sh', 'RUN apt-get install -y x \\', '  && rm -rf /var/lib/apt/lists/*', 'RUN <<EOF', 'RUN <<-EOT bash', 'EOF', '\tEOT', 'COPY <<EOF /x',
      'COPY --from=root / /', 'COPY --from=a / /', 'USER root', 'USER 1000', 'HEALTHCHECK NONE', 'EXPOSE 22', 'ADD https://x/y.tgz /y', 'WORKDIR app',
      '# comment', '# hadolint ignore=DL3002', '# palisade-ignore DF001 -- test', '', '   ', '\\', 'ONBUILD RUN wget -qO- x | bash',
    );
    const file = fc.tuple(fc.constantFrom('', '# syntax=docker/dockerfile:1\n', '# escape=`\n', '\uFEFF'), fc.array(line, { minLength: 1, maxLength: 30 }), fc.constantFrom('\n', '\r\n'))
      .map(([head, ls, eol]) => head + ls.join(eol) + eol);
    const edit = fc.record({ line: fc.nat(), ins: line, del: fc.boolean() });
    fc.assert(fc.property(file, fc.array(edit, { minLength: 1, maxLength: 8 }), (start, edits) => {
      let text = start;
      const st = new DockerfileState();
      assert.deepStrictEqual(st.analyze('Dockerfile', text, settings, rules), fresh(text));
      for (const e of edits) {
        // a whole line inserted before line `e.line`, or that line deleted
        const ls = text.split('\n');
        const k = e.line % ls.length;
        if (e.del && ls.length > 1) ls.splice(k, 1); else ls.splice(k, 0, e.ins);
        text = ls.join('\n');
        assert.deepStrictEqual(st.analyze('Dockerfile', text, settings, rules), fresh(text), text);
        if (st.lastModel) assert.deepStrictEqual(shape(st.lastModel), shape(parseDockerfile('Dockerfile', text)));
      }
    }), { numRuns: runs(100, 1000), seed: 46 });
  });

  it('an edit inside one stage of a 2,000-line Dockerfile parses that stage alone again, with the findings of a fresh analysis', () => {
    const text = dockerfile(2000);
    const st = new DockerfileState();
    st.analyze('Dockerfile', text, settings, rules);
    assert.ok(st.lastChunks > 100, `split into stages (${st.lastChunks} chunks)`);
    const at = text.indexOf('\n', text.indexOf('ENV APP_', text.length >> 1));
    const edited = text.slice(0, at) + 'x' + text.slice(at);
    const inc = st.analyze('Dockerfile', edited, settings, rules);
    assert.strictEqual(st.lastParsed, 1);
    assert.deepStrictEqual(inc, fresh(edited));
    // a line added above every stage: nothing parsed again, every finding below moves down a line
    const moved = 'ARG UNUSED=1\n' + edited;
    const inc2 = st.analyze('Dockerfile', moved, settings, rules);
    assert.strictEqual(st.lastParsed, 1);
    assert.deepStrictEqual(inc2, fresh(moved));
    assert.deepStrictEqual(inc2.findings.map((f) => f.range.start.line - 1), inc.findings.map((f) => f.range.start.line));
  });

  it('a heredoc or a line continuation that runs over a FROM line keeps that FROM line inside its instruction', () => {
    const base = 'FROM alpine:3.20 AS a\nRUN echo hi\nFROM a AS b\nRUN curl -s https://x | sh\nFROM b\nUSER root\n';
    const st = new DockerfileState();
    st.analyze('Dockerfile', base, settings, rules);
    assert.strictEqual(st.lastChunks, 3);
    for (const text of [
      base.replace('RUN echo hi\n', 'RUN <<EOF\necho hi\n'),  // the heredoc is never closed: the rest of the file is its body
      base.replace('RUN echo hi\n', 'RUN <<EOF\necho hi\n').replace('USER root\n', 'EOF\nUSER root\n'),
      base.replace('RUN echo hi\n', 'RUN echo hi \\\n'),  // FROM a AS b is an argument of that RUN
      base.replace('RUN echo hi\n', 'RUN echo hi \\\n\n# a comment\n'),
    ]) {
      const inc = st.analyze('Dockerfile', text, settings, rules);
      assert.deepStrictEqual(inc, fresh(text), text);
      assert.ok(st.lastChunks < 3, `${st.lastChunks} chunks for ${JSON.stringify(text)}`);
    }
  });

  it('a file that sets its escape character is not split: the chunks after the first would not see it', () => {
    const text = crafted[2];
    const st = new DockerfileState();
    const r = st.analyze('Dockerfile', text, settings, rules);
    assert.strictEqual(st.lastChunks, 1);
    assert.deepStrictEqual(r.errors, []);
    assert.deepStrictEqual(r, fresh(text));
  });

  it('a FROM <index> inside a chunk follows the stages before it when a stage above is added or removed', () => {
    // `FROM\\` + a continuation is a FROM instruction on a line that does not start one: its stage stays in the chunk before
    const tail = 'FROM busybox:1.36 AS b\nFROM\\\n alpine:3.20\nFROM\\\n 3\nRUN curl -s x | sh\n';
    const st = new DockerfileState();
    for (const text of ['FROM a:1\nFROM c:1\n' + tail, 'FROM c:1\n' + tail, 'FROM a:1\nFROM c:1\n' + tail]) {
      assert.deepStrictEqual(st.analyze('Dockerfile', text, settings, rules), fresh(text), text);
    }
    assert.strictEqual(st.lastParsed, 1, 'the stage added again is parsed, the chunk below is kept');
  });

  it('the pipe of a stage is checked again when the SHELL of the stage it builds on changes, and a COPY --from when the stage it names does', () => {
    const parent = 'FROM debian:12 AS base\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\n';
    const child = 'FROM base AS app\nRUN curl -fsSL https://example.com/x.tgz | tar xz\nCOPY --from=root / /\n';
    const root = 'FROM scratch AS root\nCOPY rootfs /\n';
    const st = new DockerfileState();
    const texts = [
      parent + root + child,
      parent.replace('pipefail', 'errexit') + root + child,  // DF026 reports the pipe now
      parent + root + child,
      parent + root.replace('scratch', 'alpine:3.20') + child,  // DF027 reports the COPY now
    ];
    const counts: number[][] = [];
    for (const text of texts) {
      const r = st.analyze('Dockerfile', text, settings, rules);
      assert.deepStrictEqual(r, fresh(text), text);
      counts.push(['DF026', 'DF027'].map((id) => r.findings.filter((f) => f.ruleId === id).length));
    }
    assert.deepStrictEqual(counts, [[0, 0], [1, 0], [0, 0], [0, 1]]);
  });

  it('an index of the workspace (objectsOnly) keeps nothing of the Dockerfiles it reads; an editor analysis keeps their chunks', () => {
    const a = new Analyzer({ compact: true });
    const kept = () => (a as unknown as { dockerfiles: Map<string, unknown> }).dockerfiles.size;
    const text = crafted[0];
    assert.deepStrictEqual(a.analyze('index/Dockerfile', text, { settings, objectsOnly: true }), fresh(text, settings, 'index/Dockerfile'));
    assert.strictEqual(kept(), 0);
    assert.deepStrictEqual(a.analyze('open/Dockerfile', text, { settings }), fresh(text, settings, 'open/Dockerfile'));
    assert.strictEqual(kept(), 1);
    a.forget('open/Dockerfile');
    assert.strictEqual(kept(), 0);
  });
});
