import * as assert from 'assert';
import fc from 'fast-check';
import { analyzeText } from '../../server/src/engine/analyze';

// Random Dockerfile-ish text: instruction keywords, flags, quotes, continuations, heredoc markers,
// directives and variables mixed with arbitrary characters. The engine must never throw, report at
// most one syntax diagnostic, never produce an internal-error finding, and keep ranges in the text.
const piece = fc.oneof(
  fc.constantFrom('FROM ', 'RUN ', 'CMD ', 'ENTRYPOINT ', 'ADD ', 'COPY ', 'ENV ', 'ARG ', 'USER ', 'WORKDIR ', 'EXPOSE ', 'SHELL ', 'HEALTHCHECK ', 'ONBUILD ', 'MAINTAINER ', 'LABEL '),
  fc.constantFrom('\n', '\r\n', '\\\n', '`\n', ' \\ \n', '# escape=`\n', '# syntax=x\n', '# check=skip=all\n', '# palisade-ignore DF001\n', '# hadolint ignore=DL3002\n'),
  fc.constantFrom('<<EOF', 'EOF', '<<-"X"', '"', "'", '`', '$', '${A:-', '}', '$(', ')', '[', ']', '["a", "b"]', '--mount=type=secret', '--chmod=777', '=', ':', '@sha256:', '|', '&&', ';', 'sudo ', 'curl -k ', 'apt-get install ', 'alpine:latest', ' AS b', 'root', '22'),
  fc.string({ maxLength: 6 }),
);

describe('Dockerfile fuzzing', () => {
  it('never throws, at most one syntax diagnostic, no internal errors, ranges inside the text', () => {
    fc.assert(fc.property(fc.array(piece, { maxLength: 60 }), (parts) => {
      const text = parts.join('');
      const r = analyzeText('Dockerfile', text);
      assert.ok(r.errors.length <= 1 || r.errors.some((e) => /budget/.test(e.message)), JSON.stringify(r.errors));
      for (const f of r.findings) {
        assert.ok(!/Internal error/.test(f.message), f.message);
        assert.ok(f.range.start.line <= f.range.end.line);
        for (const fx of f.fixes) for (const e of fx.edits) assert.ok(e.range.start.line >= 0);
      }
    }), { numRuns: 400, seed: 5 });
  });
});
