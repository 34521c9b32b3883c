/**
 * Sprig and Helm template functions, toYaml/toJson as Helm prints them, Helm's --set parser. Expected values come from
 * the Sprig documentation and tests (github.com/Masterminds/sprig, MIT), Helm's pkg/engine/funcs_test.go and
 * pkg/strvals/parser_test.go (helm/helm, Apache-2.0), and Go's fmt/strconv rules.
 */
import * as assert from 'assert';
import { TemplateSet } from '../../server/src/engine/helm/exec';
import { sprigFuncs } from '../../server/src/engine/helm/sprig';
import { parseYaml, toYamlText } from '../../server/src/engine/helm/yaml';
import { parseSet } from '../../server/src/engine/helm/strvals';
import { Value } from '../../server/src/engine/helm/values';

function t(tpl: string, data: Value = null): string {
  const set = new TemplateSet(sprigFuncs({ now: Date.UTC(2024, 1, 3, 4, 5, 6) }));
  set.parse('t', tpl);
  return set.execute('t', data);
}

const cases: [string, string, Value?][] = [
  // strings
  ['{{ "foo" | quote }}|{{ quote "a" 1 }}|{{ quote .missing }}', '"foo"|"a" "1"|'],
  ['{{ squote "a" }}', "'a'"],
  ['{{ trunc 5 "Hello World" }}|{{ trunc -5 "Hello World" }}|{{ trunc 50 "x" }}', 'Hello|World|x'],
  ['{{ title "hello world" }}|{{ untitle "Hello World" }}', 'Hello World|hello world'],
  ['{{ upper "abc" }}{{ lower "DEF" }}', 'ABCdef'],
  ['{{ trim "  a  " }}|{{ trimAll "$" "$5.00$" }}|{{ trimSuffix "-" "hello-" }}|{{ trimPrefix "-" "-hello" }}', 'a|5.00|hello|hello'],
  ['{{ contains "cat" "catch" }} {{ hasPrefix "ca" "cat" }} {{ hasSuffix "at" "cat" }}', 'true true true'],
  ['{{ replace " " "-" "I Am Henry VIII" }}', 'I-Am-Henry-VIII'],
  ['{{ cat "hello" "beautiful" "world" }}|{{ cat "a" .missing "b" }}', 'hello beautiful world|a b'],
  ['{{ indent 4 "a\\nb" }}|{{ nindent 2 "a" }}', '    a\n    b|\n  a'],
  ['{{ repeat 3 "ab" }}|{{ substr 0 5 "hello world" }}|{{ nospace "h e l l o" }}', 'ababab|hello|hello'],
  ['{{ snakecase "FirstName" }} {{ camelcase "http_server" }} {{ kebabcase "FirstName" }}', 'first_name HttpServer first-name'],
  ['{{ plural "one anchovy" "many anchovies" 2 }}', 'many anchovies'],
  ['{{ toString 12 }}{{ toString 1.5 }}{{ toString true }}', '121.5true'],
  ['{{ $x := split "$" "foo$bar$baz" }}{{ $x._0 }}{{ $x._2 }}|{{ splitList "," "a,b" }}|{{ list 1 2 3 | join "," }}', 'foobaz|[a b]|1,2,3'],
  ['{{ join "-" (list "a" .missing "b") }}', 'a-b'],
  ['{{ sortAlpha (list "b" "a" "C") }}', '[C a b]'],
  ['{{ abbrev 5 "hello world" }}|{{ initials "First Try" }}|{{ wrap 5 "Hello World" }}', 'he...|FT|Hello\nWorld'],
  // regex (RE2 on JS RegExp)
  ['{{ regexMatch "^[a-z]+$" "abc" }} {{ regexFind "[a-zA-Z][1-9]" "abcd1234" }} {{ regexFindAll "[2,4,6,8]" "123456789" -1 }}', 'true d1 [2 4 6 8]'],
  ['{{ regexReplaceAll "a(x*)b" "-ab-axxb-" "${1}W" }}|{{ regexReplaceAllLiteral "a(x*)b" "-ab-axxb-" "${1}" }}', '-W-xxW-|-${1}-${1}-'],
  ['{{ regexReplaceAll "(?P<first>[a-z]+) (?P<last>[a-z]+)" "john smith" "$last, $first" }}', 'smith, john'],
  ['{{ regexSplit "z+" "pizza" -1 }}', '[pi a]'],
  ['{{ regexMatch "(?i)^ABC$" "abc" }}', 'true'],
  // defaults and flow
  ['{{ default "foo" .missing }}|{{ default "foo" "" }}|{{ default "foo" 0 }}|{{ default "foo" "bar" }}|{{ default "foo" false }}', 'foo|foo|foo|bar|foo'],
  ['{{ coalesce 0 "" "c" }}|{{ ternary "a" "b" true }}|{{ ternary "a" "b" false }}', 'c|a|b'],
  ['{{ empty "" }} {{ empty (dict) }} {{ empty 0 }} {{ empty 1 }} {{ empty (list 1) }} {{ empty .missing }}', 'true true true false false true'],
  ['{{ all 1 "a" }} {{ any 0 "" }}', 'true false'],
  ['{{ typeOf 1 }} {{ typeOf 1.5 }} {{ typeOf "a" }} {{ kindOf (dict) }} {{ kindIs "slice" (list) }} {{ typeOf .missing }}', 'int float64 string map true <nil>'],
  // math: ints are int64; values from YAML are float64
  ['{{ add 1 2 3 }} {{ add1 5 }} {{ sub 3 2 }} {{ mul 2 3 4 }} {{ div 10 3 }} {{ mod 10 3 }} {{ max 1 5 3 }} {{ min 4 2 }}', '6 6 1 24 3 1 5 2'],
  ['{{ add .replicas 1 }}|{{ .replicas }}|{{ mul .replicas 2 }}', '4|3|6', { replicas: 3 }],
  ['{{ addf 1.5 2 }} {{ divf 10 4 }} {{ floor 1.7 }} {{ ceil 1.2 }} {{ round 3.14159 2 }}', '3.5 2.5 1 2 3.14'],
  ['{{ int "12" }} {{ int 3.9 }} {{ int64 "0x10" }} {{ float64 "1.5" }} {{ atoi "42" }} {{ int "abc" }}', '12 3 16 1.5 42 0'],
  ['{{ until 3 }} {{ untilStep 0 10 3 }} {{ seq 5 }} {{ seq 3 1 }}', '[0 1 2] [0 3 6 9] 1 2 3 4 5 3 2 1'],
  // encoding
  ['{{ b64enc "hello" }} {{ b64dec "aGVsbG8=" }} {{ b32enc "hi" }}', 'aGVsbG8= hello NBUQ===='],
  ['{{ sha256sum "abc" }}', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
  ['{{ sha1sum "abc" }} {{ adler32sum "Wikipedia" }}', 'a9993e364706816aba3e25717850c26c9cd0d89d 300286872'],
  // lists
  ['{{ first (list 1 2) }} {{ last (list 1 2) }} {{ rest (list 1 2 3) }} {{ initial (list 1 2 3) }}', '1 2 [2 3] [1 2]'],
  ['{{ uniq (list 1 1 2) }} {{ without (list 1 2 3) 2 }} {{ has 2 (list 1 2) }} {{ compact (list 1 "" 0 "a") }}', '[1 2] [1 3] true [1 a]'],
  ['{{ append (list 1) 2 }} {{ prepend (list 1) 0 }} {{ concat (list 1) (list 2 3) }} {{ reverse (list 1 2) }} {{ slice (list 1 2 3) 1 }}', '[1 2] [0 1] [1 2 3] [2 1] [2 3]'],
  ['{{ first .missing }}|{{ has 1 .missing }}', '<no value>|false'],
  ['{{ chunk 2 (list 1 2 3) }}', '[[1 2] [3]]'],
  // dicts
  ['{{ $d := dict "a" 1 }}{{ $_ := set $d "b" 2 }}{{ $d }}|{{ get $d "a" }}|{{ get $d "z" }}|{{ hasKey $d "b" }}', 'map[a:1 b:2]|1||true'],
  ['{{ $d := dict "a" 1 "b" 2 }}{{ $_ := unset $d "a" }}{{ $d }}|{{ keys (dict "a" 1) }}|{{ pluck "a" (dict "a" 1) (dict "a" 2) (dict "b" 3) }}', 'map[b:2]|[a]|[1 2]'],
  ['{{ merge (dict "a" 1 "b" (dict "x" 1)) (dict "b" (dict "y" 2) "c" 3 "a" 9) }}', 'map[a:1 b:map[x:1 y:2] c:3]'],
  ['{{ mergeOverwrite (dict "a" 1 "k" (dict "x" 1)) (dict "a" 2 "k" (dict "y" 2)) }}', 'map[a:2 k:map[x:1 y:2]]'],
  ['{{ pick (dict "a" 1 "b" 2) "a" }} {{ omit (dict "a" 1 "b" 2) "a" }} {{ values (dict "a" 1) }}', 'map[a:1] map[b:2] [1]'],
  ['{{ dig "a" "b" "def" (dict "a" (dict "b" 1)) }} {{ dig "a" "z" "def" (dict "a" (dict "b" 1)) }}', '1 def'],
  ['{{ $a := dict "x" (dict "y" 1) }}{{ $b := deepCopy $a }}{{ $_ := set $b.x "y" 2 }}{{ $a.x.y }}{{ $b.x.y }}', '12'],
  // semver
  ['{{ semverCompare ">=1.2.0" "1.3.0" }} {{ semverCompare ">=1.16-0" "v1.20.0" }} {{ semverCompare "^1.2.0" "2.0.0" }} {{ semverCompare "~1.2.0" "1.2.9" }} {{ semverCompare ">=1.21.0-0" "1.20.0" }}', 'true true false true false'],
  ['{{ semverCompare ">=1.19-0 <1.22-0" "1.20.3" }} {{ semverCompare "1.2.x" "1.2.7" }} {{ semverCompare ">1.0.0 || <0.5.0" "0.4.0" }} {{ semverCompare ">=1.0.0" "1.1.0-beta" }}', 'true true true false'],
  ['{{ (semver "1.2.3-beta+b1").Prerelease }} {{ (semver "1.2.3").Major }} {{ (semver "v1.2").Minor }}', 'beta 1 2'],
  // Helm's own
  ['{{ toYaml . }}', 'foo: bar', { foo: 'bar' }],
  ['{{ toYamlPretty . }}', 'baz:\n  - 1\n  - 2\n  - 3', { baz: [1n, 2n, 3n] }],
  ['{{ toToml . }}', 'foo = "bar"\n', { foo: 'bar' }],
  ['{{ toToml . }}', '[mast]\n  sail = "white"\n', { mast: { sail: 'white' } }],
  ['{{ toJson . }}', '{"foo":"bar"}', { foo: 'bar' }],
  ['{{ toJson (dict "a" "<b>&") }}', '{"a":"\\u003cb\\u003e\\u0026"}'],
  ['{{ fromYaml . }}', 'map[hello:world]', 'hello: world'],
  ['{{ fromYamlArray . }}', '[one 2 map[name:helm]]', '- one\n- 2\n- name: helm\n'],
  ['{{ fromYamlArray . }}', '[one 2 map[name:helm]]', '["one", 2, { "name": "helm" }]'],
  ['{{ fromYaml . }}', 'map[Error:error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go value of type map[string]interface {}]', '- one\n- two\n'],
  ['{{ fromJson . }}', 'map[hello:world]', '{"hello":"world"}'],
  ['{{ fromJson . }}', 'map[Error:json: cannot unmarshal array into Go value of type map[string]interface {}]', '["one", "two"]'],
  ['{{ fromJsonArray . }}', '[one 2 map[name:helm]]', '["one", 2, { "name": "helm" }]'],
  ['{{ merge .dict (fromYaml .yaml) }}', 'map[a:map[b:c]]', { dict: { a: { b: 'c' } }, yaml: '{"a":{"b":"d"}}' }],
  ['{{ merge (fromYaml .yaml) .dict }}', 'map[a:map[b:d]]', { dict: { a: { b: 'c' } }, yaml: '{"a":{"b":"d"}}' }],
  ['{{ lookup "v1" "Namespace" "" "unlikelynamespace99999999" }}', 'map[]'],
  ['{{ fromYaml "a: 1" | toJson }} {{ (fromYaml "a: 1").a }}', '{"a":1} 1'],
  // dates come from the options' clock
  ['{{ now | date "2006-01-02T15:04:05Z07:00" }} {{ now | htmlDate }} {{ date "Jan 2, 2006" 0 }}', '2024-02-03T04:05:06Z 2024-02-03 Jan 1, 1970'],
];

const failing: [string, RegExp][] = [
  ['{{ upper .n }}', /wrong type for value; expected string; got float64/],
  ['{{ indent .n "x" }}', /wrong type for value; expected int; got float64/],
  ['{{ required "x is required" .missing }}', /x is required/],
  ['{{ required "x is required" "" }}', /x is required/],
  ['{{ fail "stop here" }}', /stop here/],
  ['{{ div 1 0 }}', /integer divide by zero/],
  ['{{ eq .n 1 }}', /incompatible types for comparison/],
  ['{{ regexMatch "(a" "a" }}', /error parsing regexp|Invalid regular expression/],
  ['{{ semverCompare "nonsense" "1.0.0" }}', /improper constraint|Invalid Semantic Version/],
  ['{{ call .f }}', /call is not supported/],
];

describe('helm engine: Sprig and Helm functions', () => {
  for (const [tpl, want, data] of cases) it(tpl, () => assert.strictEqual(t(tpl, data ?? {}), want));
  for (const [tpl, re] of failing) it(`fails: ${tpl}`, () => assert.throws(() => t(tpl, { n: 2 }), re));
  it('printing a float64 value uses Go %v (exponent from 1e+06 on), toYaml/toJson go through JSON (integers stay)', () => {
    assert.strictEqual(t('{{ .a }} {{ .b }} {{ .c }} {{ .d }}', { a: 1000000, b: 123456, c: 1.5, d: 0.00001 }), '1e+06 123456 1.5 1e-05');
    assert.strictEqual(t('{{ toYaml . }}|{{ toJson . }}', { a: 1000000, c: 1.5 }), 'a: 1000000\nc: 1.5|{"a":1000000,"c":1.5}');
  });
});

describe('helm engine: toYaml as sigs.k8s.io/yaml + goyaml.v2 print it', () => {
  const y = (v: Value) => toYamlText(v);
  it('keys in goyaml order (y/n keys quoted: YAML 1.1 booleans), sequences not indented under their key, nested maps indented', () => {
    assert.strictEqual(y(parseYaml('b: {c: d}\na: [1, 2]\nk10: x\nk9: z\nnested: [{name: x, v: 1}, [a, b]]')),
      'a:\n- 1\n- 2\nb:\n  c: d\nk9: z\nk10: x\nnested:\n- name: x\n  v: 1\n- - a\n  - b\n');
  });
  it('quotes strings only when goyaml must, and in the style it picks', () => {
    const v = { t: 'true', e: '', n: '123', f: '1.5', y: 'yes', star: '*x', colon: 'a: b', hash: 'a #b', lead: ' x', plain: 'a,b[c]', q: "it's", tab: 'a\tb', nul: 'null', tilde: '~' };
    assert.strictEqual(y(v), 'colon: \'a: b\'\ne: ""\nf: "1.5"\nhash: \'a #b\'\nlead: \' x\'\n"n": "123"\nnul: "null"\nplain: a,b[c]\nq: it\'s\nstar: \'*x\'\nt: "true"\ntab: "a\\tb"\ntilde: "~"\n"y": "yes"\n');
  });
  it('writes multi-line strings as literal blocks with goyaml chomping', () => {
    assert.strictEqual(y({ a: 'l1\nl2', b: 'l1\nl2\n', c: 'l1\n\n', d: ' lead\nx', e: 'trail \nx' }), 'a: |-\n  l1\n  l2\nb: |\n  l1\n  l2\nc: |+\n  l1\n\nd: |2-\n   lead\n  x\ne: "trail \\nx"\n');
  });
  it('folds long plain and quoted strings at spaces past column 80, as goyaml.v2 does', () => {
    const long = 'this is a very long description that should be folded by the goyaml v2 emitter because it exceeds eighty columns wide';
    assert.strictEqual(y({ long }), 'long: this is a very long description that should be folded by the goyaml v2 emitter\n  because it exceeds eighty columns wide\n');
    assert.strictEqual(y({ l: ['x: ' + long] }).split('\n')[2], "  because it exceeds eighty columns wide'");
  });
  it('empty collections and nulls', () => {
    assert.strictEqual(y({ a: {}, b: [], c: null }), 'a: {}\nb: []\nc: null\n');
    assert.strictEqual(y([]), '[]\n');
  });
  it('reads values as YAML 1.1 into float64 numbers (as sigs.k8s.io/yaml)', () => {
    assert.deepStrictEqual(parseYaml('a: 1\nb: yes\nc: 0777\nd: 2024-01-01\ne: ~\n'), { a: 1, b: true, c: 511, d: '2024-01-01', e: null });
  });
});

describe("helm engine: Helm's --set parser (pkg/strvals)", () => {
  const cases: [string, Value][] = [
    ['name=value', { name: 'value' }],
    ['long_int_string=1234567890', { long_int_string: 1234567890n }],
    ['boolean=true', { boolean: true }],
    ['is_null=null', { is_null: null }],
    ['zero=0', { zero: 0n }],
    ['leading_zeros=00009', { leading_zeros: '00009' }],
    ['name1=value1,name2=value2', { name1: 'value1', name2: 'value2' }],
    ['name1=value1,name2=', { name1: 'value1', name2: '' }],
    ['name1=one\\,two,name2=three\\,four', { name1: 'one,two', name2: 'three,four' }],
    ['name1=one\\=two', { name1: 'one=two' }],
    ['outer.inner=value', { outer: { inner: 'value' } }],
    ['outer.middle.inner=value', { outer: { middle: { inner: 'value' } } }],
    ['outer.inner1=value,outer.inner2=value2', { outer: { inner1: 'value', inner2: 'value2' } }],
    ['name1.name2=value1,name1.name2=value2', { name1: { name2: 'value2' } }],
    ['name1={value1,value2}', { name1: ['value1', 'value2'] }],
    ['list[0]=foo', { list: ['foo'] }],
    ['list[0].foo=bar,list[0].hello=world', { list: [{ foo: 'bar', hello: 'world' }] }],
    ['list[2]=foo', { list: [null, null, 'foo'] }],
    ['nested[0][0]=1', { nested: [[1n]] }],
    ['name1.name2=va\\.lue', { name1: { name2: 'va.lue' } }],
  ];
  for (const [s, want] of cases) it(s, () => assert.deepStrictEqual(parseSet(s), want));
  it('--set-string keeps strings', () => assert.deepStrictEqual(parseSet('a=1,b=true', true), { a: '1', b: 'true' }));
  for (const bad of ['name1=value1,,,,name2=value2,', 'name1', 'name1.=x', 'list[-1]=x', 'list[a]=x']) {
    it(`rejects ${bad}`, () => assert.throws(() => parseSet(bad)));
  }
});
