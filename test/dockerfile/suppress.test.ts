import * as assert from 'assert';
import { analyzeText } from '../../server/src/engine/analyze';
import { defaultSettings } from '../../server/src/engine/settings';

const rules = (code: string, settings: ReturnType<typeof defaultSettings> = { ...defaultSettings(), profile: 'strict' }) => analyzeText('Dockerfile', code, { settings }).findings.map((f) => `${f.ruleId}@${f.range.start.line + 1}`);
const BASE = 'FROM alpine:3.22\nHEALTHCHECK NONE\n';

describe('Dockerfile suppressions', () => {
  it('without a comment the findings are there', () => {
    assert.deepStrictEqual(rules(BASE + 'RUN sudo true\nUSER root\n').filter((r) => /DF001|DF013/.test(r)), ['DF013@3', 'DF001@4']);
  });

  it('# palisade-ignore ID -- reason on the line above (by id or name)', () => {
    const code = BASE + '# palisade-ignore DF013 -- needed for the vendor installer\nRUN sudo true\n# palisade-ignore root-user\nUSER root\n';
    assert.deepStrictEqual(rules(code).filter((r) => /DF001|DF013/.test(r)), []);
  });

  it('a palisade-ignore above a continuation line applies to that line; other ids are untouched', () => {
    const code = BASE + 'RUN true \\\n  # palisade-ignore DF013 -- vendor\n  && sudo true\nRUN sudo false\n# palisade-ignore DF999\nRUN sudo x\n';
    assert.deepStrictEqual(rules(code).filter((r) => r.startsWith('DF013')), ['DF013@6', 'DF013@8']);
  });

  it('requireSuppressionReason: an ignore without a reason still applies and is reported (K8S100), as in YAML', () => {
    const s = { ...defaultSettings(), profile: 'strict' as const, requireSuppressionReason: true };
    assert.deepStrictEqual(rules(BASE + '# palisade-ignore DF013\nRUN sudo true\n', s).filter((r) => /DF013|K8S100/.test(r)), ['K8S100@3']);
    assert.deepStrictEqual(rules(BASE + '# palisade-ignore DF013 -- ok\nRUN sudo true\n', s).filter((r) => /DF013|K8S100/.test(r)), []);
    assert.deepStrictEqual(rules(BASE + '# palisade-ignore DF013\nRUN sudo true\n').filter((r) => /DF013|K8S100/.test(r)), []);
  });

  it('an unknown rule id in a palisade-ignore comment is reported (K8S102)', () => {
    assert.deepStrictEqual(rules(BASE + '# palisade-ignore DL3004 -- hadolint id in the wrong comment\nRUN sudo true\n').filter((r) => /DF013|K8S102/.test(r)), ['K8S102@3', 'DF013@4']);
  });

  it('# palisade-ignore-file', () => {
    assert.deepStrictEqual(rules('# palisade-ignore-file DF013, DF003\n' + BASE + 'RUN sudo true\nUSER root\n'), ['DF001@5']);
  });

  it('# hadolint ignore=DL3002,DL3004 maps through references', () => {
    const code = BASE + '# hadolint ignore=DL3004,DL3008\nRUN sudo apt-get install -y curl\n# hadolint ignore=DL3002 # reason after it\nUSER root\n';
    const got = rules(code);
    assert.ok(!got.includes('DF013@4') && !got.includes('DF019@4') && !got.includes('DF001@6'), got.join());
    assert.ok(got.includes('DF018@4'), 'DL3015 was not ignored');
  });

  it('# hadolint global ignore and #checkov:skip are file-wide', () => {
    assert.ok(!rules('# hadolint global ignore=DL3004\n' + BASE + 'RUN sudo true\n').some((r) => r.startsWith('DF013')));
    const code = BASE + 'RUN sudo true\nUSER root\n#checkov:skip=CKV_DOCKER_8:legacy image\n';
    assert.ok(!rules(code).some((r) => r.startsWith('DF001')));
    assert.ok(rules(code).some((r) => r.startsWith('DF013')));
  });

  it("BuildKit's # check=skip=... and # check=skip=all", () => {
    const code = (d: string) => `# syntax=docker/dockerfile:1\n# ${d}\n` + BASE + 'CMD node server.js\nWORKDIR app\nRUN sudo true\n';
    const some = rules(code('check=skip=JSONArgsRecommended;error=true'));
    assert.ok(!some.some((r) => r.startsWith('DF017')) && some.some((r) => r.startsWith('DF022')));
    const all = rules(code('check=skip=all'));
    assert.ok(!all.some((r) => r.startsWith('DF017') || r.startsWith('DF022')), all.join());
    assert.ok(all.some((r) => r.startsWith('DF013')), 'skip=all only skips rules with a BuildKit check');
  });

  it('# trivy:ignore:AVD-DS-0002 on the line above', () => {
    assert.ok(!rules(BASE + '# trivy:ignore:AVD-DS-0002\nUSER root\n').some((r) => r.startsWith('DF001')));
  });
});

describe('"Disable <rule> for this line" on Dockerfiles', () => {
  it('the inserted comment suppresses exactly that finding, for every finding of the insecure example and in heredocs and continuations', () => {
    const fs = require('fs') as typeof import('fs');
    const path = require('path') as typeof import('path');
    const { suppressionEdit } = require('../../server/src/engine/fix/suppress') as typeof import('../../server/src/engine/fix/suppress');
    const { LineIndex, applyOffsetEdits } = require('../../server/src/engine/text') as typeof import('../../server/src/engine/text');
    const texts = [
      fs.readFileSync(path.join(__dirname, '..', '..', 'examples', 'docker', 'Dockerfile.insecure'), 'utf8'),
      'FROM alpine:3.22\nHEALTHCHECK NONE\nUSER app\nRUN <<EOF\nset -e\nsudo apk add x\nEOF\nRUN true \\\n    && sudo false\n',
    ];
    for (const text of texts) {
      const before = analyzeText('Dockerfile', text).findings;
      assert.ok(before.length > 0);
      for (const f of before) {
        const idx = new LineIndex(text);
        const e = suppressionEdit(text, idx.offset(f.range.start), f.ruleId, false);
        const edited = applyOffsetEdits(text, [e]);
        const after = analyzeText('Dockerfile', edited);
        const key = (x: typeof f, shift: number) => `${x.ruleId}@${x.range.start.line + shift}:${x.range.start.character}`;
        // that rule is gone from that line; every other rule's findings stay (one line further down)
        const got = after.findings.map((x) => key(x, 0));
        assert.ok(!after.findings.some((x) => x.ruleId === f.ruleId && x.range.start.line === f.range.start.line + 1), `disabling ${key(f, 0)} did not work:\n${edited}`);
        const others = before.filter((x) => x.ruleId !== f.ruleId).map((x) => key(x, x.range.start.line >= f.range.start.line ? 1 : 0)).sort();
        assert.deepStrictEqual(got.filter((k) => !k.startsWith(f.ruleId + '@')).sort(), others, `disabling ${key(f, 0)} changed other findings:\n${edited}`);
        assert.deepStrictEqual(after.errors, []);
      }
    }
  });
});
