/**
 * Conformance with Helm's own `helm template` golden cases (../shared/corpus/helm: helm/helm pkg/cmd/template_test.go
 * TestTemplateCmd at e9b85e4, with its charts): `palisade render` must print the golden output byte for byte, in the
 * same order, and fail where Helm fails (with the same reason). Every case is in the floor below or in
 * disagreements/helm.json with its reason; an unlisted case fails, and so does a listed failure that now passes.
 *
 * Helm's test build runs with testing.Testing() true, so its default .Capabilities.KubeVersion is v1.20.0
 * (pkg/chart/common/capabilities.go), not the v1.36.0 a released helm binary reports; the cases without their own
 * --kube-version are run with --kube-version v1.20.0 to reproduce the harness.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { render } from '../../server/src/cli/render';
import { manifest, requireCorpus } from '../corpus';

interface Case { name: string; args: string[]; golden: string; wantError: boolean }
interface Disagreements {
  /** case key -> why palisade does not match */
  failing: Record<string, string>;
  /** case key -> how palisade's error wording differs from Helm's (the failure itself agrees) */
  errorWording: Record<string, string>;
}

/** The conformance floor: the cases that pass, by index and name (names repeat in the manifest). */
const FLOOR = [
  '0 check name',
  '1 check set name',
  '2 check values files',
  '3 check name template',
  '4 check no args',
  '5 check library chart',
  '6 check chart bad type',
  '7 check chart with dependency which is an app chart acting as a library chart',
  '8 check chart with dependency which is an app chart archive acting as a library chart',
  '9 check kube version',
  '10 check kube api versions',
  '11 check kube api versions',
  '12 template with CRDs',
  '13 template with show-only one',
  '14 template with show-only multiple',
  '15 template with show-only glob',
  '16 sorted output of manifests (order of filenames, then order of objects within each YAML file)',
  '17 chart with template with invalid yaml',
  '18 chart with template with invalid yaml (--debug)',
  '19 chart with template with invalid template expression (--debug, --show-only)',
  '20 template skip-tests',
  '21 ensure nil/null values pass to subcharts delete values',
  '22 template with imported subchart values ensuring import',
  '23 template with imported subchart values set with --set',
  '24 template with imported subchart values set with --set',
];

/** Why each failing case fails: the first line of Helm's error, reduced to the part Palisade must agree on. */
const ERROR_REASON: Record<string, RegExp> = {
  '4 check no args': /requires at least 1 argument/,
  '5 check library chart': /^Error: validation: chart\.metadata\.type must be application or library$/m,
  '6 check chart bad type': /^Error: validation: chart\.metadata\.type must be application or library$/m,
  '17 chart with template with invalid yaml': /^Error: YAML parse error on chart-with-template-with-invalid-yaml\/templates\/alpine-pod\.yaml: error converting YAML to JSON: yaml: line \d+: [^\n]+\n\nUse --debug flag to render out invalid YAML/,
  '18 chart with template with invalid yaml (--debug)': /^Error: YAML parse error on chart-with-template-with-invalid-yaml\/templates\/alpine-pod\.yaml: error converting YAML to JSON: yaml: line \d+: /m,
  '19 chart with template with invalid template expression (--debug, --show-only)': /^Error: chart-with-template-with-invalid-template-expr\/templates\/alpine-pod\.yaml:7:38\n {2}executing "chart-with-template-with-invalid-template-expr\/templates\/alpine-pod\.yaml" at <b64enc>:\n {4}invalid value; expected string\n$/,
};

const DATA = path.join(__dirname, 'disagreements', 'helm.json');

function run(dir: string, c: Case): { code: number; out: string; err: string } {
  let out = '', err = '';
  const args = c.args.some((a) => a.startsWith('--kube-version')) ? c.args : [...c.args, '--kube-version', 'v1.20.0'];
  const code = render(c.args.length ? args : [], { out: (s) => (out += s), err: (s) => (err += s), cwd: dir });
  return { code, out, err };
}

describe('conformance: Helm `helm template` golden cases (corpus/helm)', () => {
  const dir = requireCorpus('helm');
  const cases = manifest<Case>('helm');
  const data = JSON.parse(fs.readFileSync(DATA, 'utf8')) as Disagreements;
  const key = (c: Case, i: number) => `${i} ${c.name}`;

  it('has the 25 cases of TestTemplateCmd', () => {
    assert.strictEqual(cases.length, 25);
    assert.deepStrictEqual([...FLOOR, ...Object.keys(data.failing)].sort(), cases.map(key).sort(), 'every case is in the floor or listed as failing');
  });

  const results = new Map<string, string | undefined>();
  cases.forEach((c, i) => {
    const k = key(c, i);
    it(`${k}${c.wantError ? ' (fails, as Helm does)' : ''}`, function () {
      const golden = fs.readFileSync(path.join(dir, c.golden), 'utf8');
      const r = run(dir, c);
      let problem: string | undefined;
      if (c.wantError) {
        if (r.code === 0) problem = 'helm fails, palisade render succeeded';
        else if (ERROR_REASON[k] && !ERROR_REASON[k].test(r.err)) problem = `fails for another reason: ${r.err}`;
        else {
          // with --debug Helm prints what it rendered before the error: the same text on stdout
          const printed = golden.slice(0, golden.search(/^Error: /m));
          if (r.out !== printed) problem = `prints ${JSON.stringify(r.out)} before failing, helm ${JSON.stringify(printed)}`;
        }
      } else if (r.code !== 0) problem = `fails: ${r.err}`;
      else if (r.out !== golden) problem = 'output differs from the golden file';
      results.set(k, problem);
      if (data.failing[k]) {
        assert.ok(problem, `${k} passes now: move it from disagreements/helm.json to the floor`);
        return;
      }
      assert.ok(FLOOR.includes(k), `${k} is neither in the floor nor in disagreements/helm.json`);
      if (problem && r.out !== golden && !c.wantError) assert.strictEqual(r.out, golden, problem);
      assert.strictEqual(problem, undefined, problem);
    });
  });

  after(() => {
    const pass = [...results.values()].filter((p) => p === undefined).length;
    console.log(`      helm template golden cases: ${pass}/${cases.length} pass`);
  });

  it('every error-wording note names a wantError case', () => {
    for (const k of Object.keys(data.errorWording)) {
      const i = Number(k.split(' ')[0]);
      assert.ok(cases[i] && key(cases[i], i) === k && cases[i].wantError, `${k} is not a wantError case`);
      assert.ok(data.errorWording[k].length > 20, `${k}: give the difference`);
    }
  });
});
