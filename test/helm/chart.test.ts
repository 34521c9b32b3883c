/**
 * Chart rendering as `helm template` does it, on charts built in memory. Several cases are Helm's own
 * pkg/engine/engine_test.go tests (helm/helm, Apache-2.0) moved from Go chart structs to chart files.
 */
import * as assert from 'assert';
import { helmTemplate, ChartFiles, RenderOptions } from '../../server/src/engine/helm/chart';

const chartYaml = (name: string, extra = '') => `apiVersion: v2\nname: ${name}\nversion: 1.2.3\n${extra}`;

function render(files: ChartFiles, opts: RenderOptions = {}) {
  return helmTemplate(files, { kubeVersion: 'v1.20.0', now: 0, ...opts });
}
function ok(files: ChartFiles, opts: RenderOptions = {}): string {
  const r = render(files, opts);
  assert.strictEqual(r.error, undefined, r.error);
  return r.output;
}
function fails(files: ChartFiles, re: RegExp, opts: RenderOptions = {}) {
  const r = render(files, opts);
  assert.ok(r.error !== undefined, `expected a failure, got output:\n${r.output}`);
  assert.match(r.error!, re);
}
/** One document per template, "kind: ConfigMap" wrapper so that the output is YAML. */
const doc = (body: string) => `kind: ConfigMap\ndata:\n  v: ${body}\n`;

describe('helm engine: chart rendering (helm template)', () => {
  it('renders values with Sprig functions; missing values print nothing (TestRender)', () => {
    const out = ok({
      'Chart.yaml': chartYaml('moby'),
      'values.yaml': 'outer: DEFAULT\ninner: DEFAULT\n',
      'templates/test1.yaml': doc('"{{.Values.outer | title }} {{.Values.inner | title}}"'),
      'templates/test2.yaml': doc('"{{.Values.global.callme | lower }}|{{ .noValue }}|{{ .Values.nothing }}"'),
      'templates/test4.yaml': doc("'{{toJson .Values}}'"),
    }, { set: ['outer=spouter,inner=inn,global.callme=Ishmael'] });
    assert.match(out, /v: "Spouter Inn"/);
    assert.match(out, /v: "ishmael\|\|"/);
    assert.match(out, /v: '\{"global":\{"callme":"Ishmael"\},"inner":"inn","outer":"spouter"\}'/);
  });

  it('prints documents as "---\\n# Source: chart/templates/file" in install order, hooks last, NOTES and partials left out', () => {
    const out = ok({
      'Chart.yaml': chartYaml('c'),
      'templates/_helpers.tpl': '{{- define "c.name" -}}{{ .Chart.Name }}-x{{- end -}}',
      'templates/deploy.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ include "c.name" . }}\n',
      'templates/sa.yaml': 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: sa\n---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n',
      'templates/hook.yaml': 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: h\n  annotations:\n    helm.sh/hook: pre-install\n',
      'templates/NOTES.txt': 'notes {{ .Release.Name }}',
      'templates/empty.yaml': '{{- if false }}x{{ end }}\n',
    });
    // a document keeps the newline before the `---` that ended it, and Helm adds one: blank lines as in its goldens
    assert.strictEqual(out, '---\n# Source: c/templates/sa.yaml\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: sa\n\n' +
      '---\n# Source: c/templates/sa.yaml\napiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n\n' +
      '---\n# Source: c/templates/deploy.yaml\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: c-x\n' +
      '---\n# Source: c/templates/hook.yaml\napiVersion: batch/v1\nkind: Job\nmetadata:\n  name: h\n  annotations:\n    helm.sh/hook: pre-install\n\n');
  });

  it('reports fail and required as Helm does (TestExecErrors, TestFailErrors)', () => {
    fails({ 'Chart.yaml': chartYaml('c'), 'templates/a.yaml': '{{required "foo is required" .Values.foo}}' }, /^execution error at \(c\/templates\/a\.yaml:1:2\): foo is required/);
    fails({ 'Chart.yaml': chartYaml('c'), 'templates/a.yaml': '{{ $someEmptyValue := "" }}\n{{ $myvar := "abc" }}\n{{- required (printf "%s: something is missing" $myvar) $someEmptyValue | repeat 0 }}' }, /^execution error at \(c\/templates\/a\.yaml:3:4\): abc: something is missing/);
    fails({ 'Chart.yaml': chartYaml('c'), 'templates/a.yaml': 'All your base are belong to us{{ fail "This is an error" }}' }, /^execution error at \(c\/templates\/a\.yaml:1:33\): This is an error/);
    fails({ 'Chart.yaml': chartYaml('c'), 'templates/a.yaml': '{{foo}}' }, /^parse error at \(c\/templates\/a\.yaml:1\): function "foo" not defined/);
  });

  it('include, tpl (with include and .Template), recursion limit (TestAlterFuncMap_*)', () => {
    const out = ok({
      'Chart.yaml': chartYaml('conrad'),
      'templates/quote.yaml': doc('"{{include "conrad/templates/_partial" . | indent 2}} dead."'),
      'templates/_partial': '{{.Release.Name}} - he',
      'templates/tpl.yaml': doc(`'{{ tpl "{{include \`conrad/templates/_name\` .  | quote }}" .}} {{ tpl "Value: {{ .Values.value | quote}}" . }}'`),
      'templates/_name': '{{.Template.Name}}',
    }, { releaseName: 'mistah-kurtz', set: ['value=myvalue'] });
    assert.match(out, /v: " {2}mistah-kurtz - he dead\."/);
    assert.match(out, /v: '"conrad\/templates\/tpl\.yaml" Value: "myvalue"'/);
    fails({ 'Chart.yaml': chartYaml('bad'), 'templates/base.yaml': '{{include "recursion" . }}', 'templates/_recursion': '{{define "recursion"}}{{include "recursion" . }}{{end}}' }, /nested reference name: recursion|recursion too deep|maximum template depth/);
  });

  it('scopes values to subcharts, passes globals down, exposes .Subcharts (TestRenderNestedValues)', () => {
    const out = ok({
      'Chart.yaml': chartYaml('top'),
      'values.yaml': 'what: stinkweed\nwho: me\nherrick:\n  who: time\n  what: Sun\n',
      'templates/outer.yaml': doc('"Gather ye {{.Values.what}} while ye may"'),
      'templates/subcharts.yaml': doc('"The glorious Lamp of {{.Subcharts.herrick.Subcharts.deepest.Values.where}}, the {{.Subcharts.herrick.Values.what}}"'),
      'charts/herrick/Chart.yaml': chartYaml('herrick'),
      'charts/herrick/values.yaml': 'who: Robert\nwhat: glasses\n',
      'charts/herrick/templates/inner.yaml': doc(`"Old {{.Values.who}} is still a-flyin'"`),
      'charts/herrick/charts/deepest/Chart.yaml': chartYaml('deepest'),
      'charts/herrick/charts/deepest/values.yaml': 'what: milkshake\nwhere: here\n',
      'charts/herrick/charts/deepest/templates/inner.yaml': doc('"And this same {{.Values.what}} that smiles {{.Values.global.when}}"'),
    }, { valueFiles: [{ name: 'inj.yaml', text: 'what: rosebuds\nherrick:\n  deepest:\n    what: flower\n    where: Heaven\nglobal:\n  when: to-day\n' }] });
    assert.match(out, /# Source: top\/templates\/outer\.yaml\n[^]*v: "Gather ye rosebuds while ye may"/);
    assert.match(out, /# Source: top\/charts\/herrick\/templates\/inner\.yaml\n[^]*v: "Old time is still a-flyin'"/);
    assert.match(out, /# Source: top\/charts\/herrick\/charts\/deepest\/templates\/inner\.yaml\n[^]*v: "And this same flower that smiles to-day"/);
    assert.match(out, /v: "The glorious Lamp of Heaven, the Sun"/);
  });

  it('built-in objects: .Template, .Chart, .Release, .Files, .Capabilities (TestRenderBuiltinValues)', () => {
    const out = ok({
      'Chart.yaml': chartYaml('troy', 'appVersion: "2.0"\n'),
      'templates/a.yaml': doc('"{{.Template.Name}}|{{.Template.BasePath}}|{{.Chart.Name}}|{{.Chart.AppVersion}}|{{.Chart.IsRoot}}|{{.Release.Name}}|{{.Release.Namespace}}|{{.Release.Service}}|{{.Release.IsInstall}}|{{.Release.Revision}}"'),
      'templates/b.yaml': doc('"{{.Files.author | printf "%s"}} {{.Files.Get "book/title.txt"}} {{ range .Files.Lines "book/lines.txt" }}[{{.}}]{{ end }}"'),
      'templates/c.yaml': 'kind: ConfigMap\ndata:\n{{ (.Files.Glob "book/*.txt").AsConfig | indent 2 }}\n',
      'templates/d.yaml': 'kind: Secret\ndata:\n{{ (.Files.Glob "book/t*").AsSecrets | indent 2 }}\n',
      'templates/e.yaml': doc('"{{ .Capabilities.KubeVersion }} {{ .Capabilities.KubeVersion.Minor }} {{ .Capabilities.APIVersions.Has "apps/v1" }} {{ .Capabilities.APIVersions.Has "x/v9" }} {{ .Capabilities.HelmVersion.Version }}"'),
      author: 'Virgil',
      'book/title.txt': 'Aeneid',
      'book/lines.txt': 'a\nb\n',
    }, { releaseName: 'aeneid', namespace: 'latium' });
    assert.match(out, /v: "troy\/templates\/a\.yaml\|troy\/templates\|troy\|2\.0\|true\|aeneid\|latium\|Helm\|true\|1"/);
    assert.match(out, /v: "Virgil Aeneid \[a\]\[b\]"/);
    assert.match(out, /data:\n {2}lines\.txt: \|\n {4}a\n {4}b\n {2}title\.txt: Aeneid\n/);
    assert.match(out, /kind: Secret\ndata:\n {2}title\.txt: QWVuZWlk\n/);
    assert.match(out, /v: "v1\.20\.0 20 true false v4\.2"/);
  });

  it('conditions and tags disable subcharts; aliases rename them; null deletes a default', () => {
    const files: ChartFiles = {
      'Chart.yaml': chartYaml('p', 'dependencies:\n- name: sub\n  version: 1.x\n  condition: sub.enabled\n- name: sub\n  alias: other\n  version: ">=1.0.0"\n  tags: [extra]\n'),
      'values.yaml': 'sub:\n  enabled: true\n',
      'charts/sub/Chart.yaml': chartYaml('sub'),
      'charts/sub/values.yaml': 'color: blue\nsize: 3\n',
      'charts/sub/templates/cm.yaml': 'kind: ConfigMap\nmetadata:\n  name: {{ .Chart.Name }}\ndata:\n  color: {{ .Values.color | quote }}\n  size: {{ .Values.size | default "none" | quote }}\n',
    };
    const all = ok(files);
    assert.match(all, /# Source: p\/charts\/sub\/templates\/cm\.yaml\n[^]*name: sub\n/);
    assert.match(all, /# Source: p\/charts\/other\/templates\/cm\.yaml\n[^]*name: other\n/);
    const noSub = ok(files, { set: ['sub.enabled=false', 'tags.extra=false'] });
    assert.doesNotMatch(noSub, /# Source/);
    const nulled = ok(files, { set: ['other.size=null', 'other.color=red'] });
    assert.match(nulled, /name: other\ndata:\n {2}color: "red"\n {2}size: "none"/);
    assert.match(nulled, /name: sub\ndata:\n {2}color: "blue"\n {2}size: "3"/);
  });

  it('a library chart renders only its partials; a library chart cannot be installed', () => {
    const out = ok({
      'Chart.yaml': chartYaml('app'),
      'templates/x.yaml': '{{ include "lib.cm" . }}',
      'charts/lib/Chart.yaml': chartYaml('lib', 'type: library\n'),
      'charts/lib/templates/_cm.tpl': '{{ define "lib.cm" }}kind: ConfigMap\nmetadata:\n  name: {{ .Chart.Name }}{{ end }}',
      'charts/lib/templates/cm.yaml': 'kind: ConfigMap\nmetadata:\n  name: never\n',
    });
    assert.doesNotMatch(out, /never/);
    assert.match(out, /name: app/);
    fails({ 'Chart.yaml': chartYaml('lib', 'type: library\n') }, /library charts are not installable/);
  });

  it('fails where Helm fails: missing Chart.yaml, bad version, missing dependency, kubeVersion, bad YAML, show-only miss', () => {
    fails({ 'values.yaml': '' }, /Chart\.yaml file is missing/);
    fails({ 'Chart.yaml': 'apiVersion: v2\nname: c\nversion: one\n' }, /chart\.metadata\.version "one" is invalid/);
    fails({ 'Chart.yaml': chartYaml('c', 'dependencies:\n- name: gone\n  version: 1.0.0\n') }, /missing in charts\/ directory: gone/);
    fails({ 'Chart.yaml': chartYaml('c', 'kubeVersion: ">=1.25.0-0"\n') }, /chart requires kubeVersion: >=1\.25\.0-0 which is incompatible with Kubernetes v1\.20\.0/);
    fails({ 'Chart.yaml': chartYaml('c'), 'templates/a.yaml': 'a: b\nc\n' }, /^YAML parse error on c\/templates\/a\.yaml: [^]*Use --debug flag/);
    fails({ 'Chart.yaml': chartYaml('c'), 'templates/a.yaml': 'kind: Pod\nmetadata:\n  annotations:\n    helm.sh/hook-weight: 5\n' }, /cannot unmarshal number into Go struct field \.metadata\.annotations of type string/);
    fails({ 'Chart.yaml': chartYaml('c'), 'templates/a.yaml': 'kind: Pod\n' }, /could not find template templates\/b\.yaml in chart/, { showOnly: ['templates/b.yaml'] });
    fails({ 'Chart.yaml': chartYaml('c'), 'templates/a.yaml': '{{ .Values.a.b }}' }, /nil pointer evaluating interface \{\}\.b/);
    fails({ 'Chart.yaml': chartYaml('c'), 'values.yaml': 'num: 3\n', 'templates/a.yaml': '{{ if eq .Values.num 3 }}x{{ end }}' }, /incompatible types for comparison/);
  });

  it('--include-crds puts crds/ first; --skip-tests drops test hooks; --name-template names the release', () => {
    const files: ChartFiles = {
      'Chart.yaml': chartYaml('c'),
      'crds/crd.yaml': 'kind: CustomResourceDefinition\nmetadata:\n  name: x\n',
      'templates/t.yaml': 'kind: Pod\nmetadata:\n  name: {{ .Release.Name }}-t\n  annotations:\n    "helm.sh/hook": test\n',
      'templates/p.yaml': 'kind: Pod\nmetadata:\n  name: p\n',
    };
    assert.match(ok(files, { includeCrds: true }), /^---\n# Source: c\/crds\/crd\.yaml\nkind: CustomResourceDefinition/);
    assert.doesNotMatch(ok(files), /crd\.yaml/);
    assert.doesNotMatch(ok(files, { skipTests: true }), /-t\n/);
    assert.match(ok(files, { nameTemplate: '{{ "Abc" | lower }}-x' }), /name: abc-x-t/);
    fails(files, /invalid release name/, { releaseName: 'Not_Valid' });
  });

  it('.helmignore keeps files out of .Files', () => {
    const out = ok({
      'Chart.yaml': chartYaml('c'),
      '.helmignore': '*.secret\nskip/\n',
      'a.secret': 'x', 'skip/b.txt': 'y', 'keep.txt': 'z',
      'templates/a.yaml': doc('"{{ range $k, $v := .Files }}{{ $k }},{{ end }}"'),
    });
    assert.match(out, /v: "\.helmignore,keep\.txt,"/);
  });

  it('records where each rendered document came from', () => {
    const r = render({
      'Chart.yaml': chartYaml('p'),
      'templates/a.yaml': 'kind: ConfigMap\nmetadata:\n  name: a\n',
      'charts/subDir/Chart.yaml': chartYaml('sub'),
      'charts/subDir/templates/b.yaml': 'kind: Secret\nmetadata:\n  name: b\n',
    });
    assert.deepStrictEqual(r.manifests.map((m) => [m.source, m.file, m.kind, m.name]), [
      ['p/charts/sub/templates/b.yaml', 'charts/subDir/templates/b.yaml', 'Secret', 'b'],
      ['p/templates/a.yaml', 'templates/a.yaml', 'ConfigMap', 'a'],
    ]);
  });
});
