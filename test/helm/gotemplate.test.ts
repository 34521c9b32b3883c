/**
 * The Go text/template engine against cases from Go's own src/text/template/exec_test.go (BSD-3-Clause,
 * golang/go), adapted from Go structs to the maps Helm templates see, plus Helm's missingkey=zero behaviour.
 */
import * as assert from 'assert';
import { TemplateSet, fn } from '../../server/src/engine/helm/exec';
import { sprigFuncs } from '../../server/src/engine/helm/sprig';
import { Value } from '../../server/src/engine/helm/values';

const data: Value = {
  I: 17n, X: 'x', U16: 16n, SI: [3n, 4n, 5n], SIEmpty: [], SB: [true, false],
  MSI: { one: 1n, two: 2n, three: 3n }, MSIone: { one: 1n }, MSIEmpty: {}, Empty0: null, Empty3: [7n, 8n],
  U: { V: 'v' }, True: true, FloatZero: 0, F: 1.5, SMSI: [{ one: 1n, two: 2n }, { eleven: 11n, twelve: 12n }],
  S: 'xyz', NIL: null,
};

function exec(tpl: string, dot: Value = data, extra = {}): string {
  const set = new TemplateSet({
    ...extra,
    add: fn('int int', (a: bigint, b: bigint) => a + b),
    oneArg: fn('string', (s: string) => 'oneArg=' + s),
    twoArgs: fn('string string', (a: string, b: string) => 'twoArgs=' + a + b),
    count: fn('int', (n: bigint) => Array.from({ length: Number(n) }, (_x, i) => 'abcdefghijklmnop'[i])),
    makemap: fn('...string', (...a: string[]) => { const o: Record<string, Value> = {}; for (let i = 0; i < a.length; i += 2) o[a[i]] = a[i + 1]; return o; }),
  });
  set.parse('t', tpl);
  return set.execute('t', dot);
}

const ok: [string, string, string][] = [
  ['empty', '', ''],
  ['text', 'some text', 'some text'],
  ['dot int', '<{{.I}}>', '<17>'],
  ['map key', '{{.MSI.one}}', '1'],
  ['missing key (missingkey=zero prints <no value>)', '{{.MSI.missing}}', '<no value>'],
  ['$ int', '{{$.I}}', '17'],
  ['$x', '{{$x := .I}}{{$x}}', '17'],
  ['$x assign', '{{$x := 1}}{{$x = 2}}{{$x}}', '2'],
  ['assign in if keeps outer', '{{$x := 1}}{{if true}}{{$x = 3}}{{end}}{{$x}}', '3'],
  ['declare in if is scoped', '{{$x := 1}}{{if true}}{{$x := 3}}{{end}}{{$x}}', '1'],
  ['pipeline', '{{"aaa" | twoArgs "bbb"}}', 'twoArgs=bbbaaa'],
  ['oneArg pipe', '{{"aaa"|oneArg}}', 'oneArg=aaa'],
  ['parens in pipeline', '{{printf `%d %d %d` (1) (2 | add 3) (add 4 (add 5 6))}}', '1 5 15'],
  ['parens: $ in paren', '{{($).X}}', 'x'],
  ['parens: spaces and args', '{{(makemap "up" "down" "left" "right").left}}', 'right'],
  ['if true', '{{if true}}TRUE{{end}}', 'TRUE'],
  ['if false', '{{if false}}TRUE{{else}}FALSE{{end}}', 'FALSE'],
  ['if 1', '{{if 1}}NON-ZERO{{else}}ZERO{{end}}', 'NON-ZERO'],
  ['if 0', '{{if 0}}NON-ZERO{{else}}ZERO{{end}}', 'ZERO'],
  ['if 1.5', '{{if 1.5}}NON-ZERO{{else}}ZERO{{end}}', 'NON-ZERO'],
  ['if 0.0', '{{if .FloatZero}}NON-ZERO{{else}}ZERO{{end}}', 'ZERO'],
  ['if emptystring', '{{if ``}}NON-EMPTY{{else}}EMPTY{{end}}', 'EMPTY'],
  ['if emptyslice', '{{if .SIEmpty}}NON-EMPTY{{else}}EMPTY{{end}}', 'EMPTY'],
  ['if emptymap', '{{if .MSIEmpty}}NON-EMPTY{{else}}EMPTY{{end}}', 'EMPTY'],
  ['if map unset', '{{if .MSI.none}}NON-ZERO{{else}}ZERO{{end}}', 'ZERO'],
  ['if $x with $y int', '{{if $x := true}}{{with $y := .I}}{{$x}},{{$y}}{{end}}{{end}}', 'true,17'],
  ['if $x with $x int', '{{if $x := true}}{{with $x := .I}}{{$x}},{{end}}{{$x}}{{end}}', '17,true'],
  ['if else if', '{{if false}}FALSE{{else if true}}TRUE{{end}}', 'TRUE'],
  ['if else chain', '{{if eq 1 3}}1{{else if eq 2 3}}2{{else if eq 3 3}}3{{end}}', '3'],
  ['with else with', '{{with .Empty0}}A{{else with .I}}{{.}}{{end}}', '17'],
  ['print', '{{print "hello, print"}}', 'hello, print'],
  ['print 123', '{{print 1 2 3}}', '1 2 3'],
  ['print nil', '{{print nil}}', '<nil>'],
  ['println', '{{println 1 2 3}}', '1 2 3\n'],
  ['printf int', '{{printf "%04x" 127}}', '007f'],
  ['printf float', '{{printf "%g" 3.5}}', '3.5'],
  ['printf string', '{{printf "%s" "hello"}}', 'hello'],
  ['printf %d of a float64 value (Helm values are float64)', '{{printf "%d" .F}}', '%!d(float64=1.5)'],
  ['printf missing', '{{printf "%s %s" "a"}}', 'a %!s(MISSING)'],
  ['printf %v map', '{{printf "%v" .MSI}}', 'map[one:1 three:3 two:2]'],
  ['html', '{{html "<script>alert(\\"XSS\\");</script>"}}', '&lt;script&gt;alert(&#34;XSS&#34;);&lt;/script&gt;'],
  ['js', "{{js .}}", "It\\'d be nice."],
  ['urlquery', '{{"http://www.example.org/"|urlquery}}', 'http%3A%2F%2Fwww.example.org%2F'],
  ['not', '{{not true}} {{not false}}', 'false true'],
  ['and', '{{and false 0}} {{and 1 0}} {{and 0 true}} {{and 1 1}}', 'false 0 0 1'],
  ['or', '{{or 0 0}} {{or 1 0}} {{or 0 true}} {{or 1 1}}', '0 1 true 1'],
  ['boolean if not', '{{if and true 1 `hi` | not}}TRUE{{else}}FALSE{{end}}', 'FALSE'],
  ['and short-circuits', '{{and false (index .SI 10)}}', 'false'],
  ['slice[1]', '{{index .SI 1}}', '4'],
  ['map[one]', '{{index .MSI `one`}}', '1'],
  ['map[NO] (nil interface prints <no value>)', '{{index .MSI `XXX`}}', '<no value>'],
  ['double index', '{{index .SMSI 1 `eleven`}}', '11'],
  ['len slice', '{{len .SI}}', '3'],
  ['len map', '{{len .MSI }}', '3'],
  ['len string counts bytes', '{{len "héllo"}}', '6'],
  ['slice string', '{{slice "abcdef" 1 3}}', 'bc'],
  ['with 1.5', '{{with 1.5}}{{.}}{{else}}ZERO{{end}}', '1.5'],
  ['with slice', '{{with .SI}}{{.}}{{else}}EMPTY{{end}}', '[3 4 5]'],
  ['with map', '{{with .MSIone}}{{.}}{{else}}EMPTY{{end}}', 'map[one:1]'],
  ['with variable and action', '{{with $x := $}}{{$y := $.U.V}}{{$y}}{{end}}', 'v'],
  ['range []int', '{{range .SI}}-{{.}}-{{end}}', '-3--4--5-'],
  ['range empty else', '{{range .SIEmpty}}-{{.}}-{{else}}EMPTY{{end}}', 'EMPTY'],
  ['range []bool', '{{range .SB}}-{{.}}-{{end}}', '-true--false-'],
  ['range map (sorted keys)', '{{range .MSI}}-{{.}}-{{end}}', '-1--3--2-'],
  ['range empty nil', '{{range .Empty0}}-{{.}}-{{end}}', ''],
  ['range $x SI', '{{range $x := .SI}}<{{$x}}>{{end}}', '<3><4><5>'],
  ['range $x $y SI', '{{range $x, $y := .SI}}<{{$x}}={{$y}}>{{end}}', '<0=3><1=4><2=5>'],
  ['range $x $y MSIone', '{{range $x, $y := .MSIone}}<{{$x}}={{$y}}>{{end}}', '<one=1>'],
  ['range count', '{{range $i, $x := count 5}}[{{$i}}]{{$x}}{{end}}', '[0]a[1]b[2]c[3]d[4]e'],
  ['range int', '{{range 3}}{{.}}{{end}}', '012'],
  ['range break', '{{range .SI}}{{if eq . 4}}{{break}}{{end}}{{.}}{{end}}', '3'],
  ['range continue', '{{range .SI}}{{if eq . 4}}{{continue}}{{end}}{{.}}{{end}}', '35'],
  ['or as if false', '{{or .SIEmpty "slice is empty"}}', 'slice is empty'],
  ['bug0: $ inside range', '{{range .MSIone}}{{if $.True}}X{{end}}{{end}}', 'X'],
  ['bug12: hex is int', '{{printf `%T` 0xef}}', 'int'],
  ['bug16k', '{{"aaa"|printf }}', 'aaa'],
  ['trim markers', 'a  {{- 1 -}}  b {{- /* c */ -}}\n c', 'a1bc'],
  ['comment', 'a{{/* x */}}b', 'ab'],
  ['define and template', '{{define "x"}}[{{.}}]{{end}}{{template "x" .I}}', '[17]'],
  ['block', '{{block "b" .X}}<{{.}}>{{end}}', '<x>'],
  ['eq multi', '{{eq 3 1 2 3}}', 'true'],
  ['eq nil', '{{eq .Empty0 nil}}', 'true'],
  ['lt strings', '{{lt "a" "b"}}', 'true'],
  ['float printing %v', '{{1000000.0}} {{123456.0}} {{0.0001}} {{0.00001}}', '1e+06 123456 0.0001 1e-05'],
  ['raw string', '{{`a\\nb`}}', 'a\\nb'],
  ['char constant', "{{'a'}}", '97'],
  // a nil that went through a pipeline or a variable is Go's invalid value: a field of it is no value, not an error
  ['field of a nil variable', '{{$x := .Empty0}}{{$x.anything}}', '<no value>'],
  ['field of a parenthesized nil (Helm idiom (.Values.a).b)', '{{ (.MSI.missing).x }}|{{ if (.MSI.missing).x }}y{{ else }}n{{ end }}', '<no value>|n'],
  ['template called with nil data', '{{define "t2"}}[{{.x}}]{{end}}{{template "t2" .MSI.missing}}', '[<no value>]'],
];

const bad: [string, string, RegExp][] = [
  ['if nil', '{{if nil}}TRUE{{end}}', /nil is not a command/],
  ['declare nil', '{{$x := nil}}', /nil is not a command/],
  ['slice[HUGE]', '{{index .SI 10}}', /index out of range/],
  ['slice[WRONG]', '{{index .SI `hello`}}', /cannot index slice\/array with type string/],
  ['map[WRONG]', '{{index .MSI 10}}', /should be string/],
  ['nil[1]', '{{index nil 1}}', /index of untyped nil/],
  ['len of int', '{{len 3}}', /len of type int/],
  ['len of nothing', '{{len .Empty0}}', /len of nil pointer/],
  ['bug7a: non-function with args', '{{3 2}}', /can't give argument to non-function 3/],
  ['bug7b', '{{$x := 1}}{{$x 2}}', /can't give argument to non-function/],
  ['bug8a: piped arg type-checked', '{{3|oneArg}}', /wrong type for value; expected string; got int/],
  ['bug16a', '{{true|printf}}', /wrong type for value; expected string; got bool/],
  ['bug16h', '{{1|oneArg}}', /expected string/],
  ['nested missing map key (Helm: nil pointer evaluating)', '{{.MSI.missing.deeper}}', /nil pointer evaluating interface \{\}\.deeper/],
  ['field of a string', '{{.S.x}}', /can't evaluate field x in type string/],
  ['eq int float', '{{eq 1 .F}}', /incompatible types for comparison/],
  ['lt bool', '{{lt true false}}', /invalid type for comparison/],
  ['range over a float', '{{range 1.5}}{{end}}', /range can't iterate over 1.5/],
  ['wrong arg count', '{{oneArg "a" "b"}}', /wrong number of args for oneArg: want 1 got 2/],
  ['undefined template', '{{template "nope"}}', /no template "nope"/],
  ['call is refused', '{{call .X}}', /call is not supported/],
];

const parseBad: [string, string, RegExp][] = [
  ['unclosed action', '{{.X', /unclosed action/],
  ['undefined function', '{{nope 1}}', /function "nope" not defined/],
  ['undefined variable', '{{$y}}', /undefined variable "\$y"/],
  ['missing end', '{{if true}}x', /unexpected EOF/],
  ['unexpected end', '{{end}}', /unexpected \{\{end\}\}/],
  ['break outside range', '{{break}}', /\{\{break\}\} outside \{\{range\}\}/],
  ['non executable command in pipeline', '{{1 | 2}}', /non executable command in pipeline stage 2/],
];

describe('helm engine: Go text/template (cases from Go exec_test.go)', () => {
  for (const [name, tpl, want] of ok) {
    it(name, () => assert.strictEqual(exec(tpl, name === 'js' ? "It'd be nice." : data), want));
  }
  for (const [name, tpl, re] of bad) {
    it(`fails: ${name}`, () => assert.throws(() => exec(tpl), re));
  }
  for (const [name, tpl, re] of parseBad) {
    it(`parse error: ${name}`, () => assert.throws(() => exec(tpl), re));
  }
  it('an error names the template, line and column of the failing node as Go does', () => {
    assert.throws(() => exec('a\n  {{ .Empty0 | oneArg }}'), (e: Error) => /^t:2:15\n {2}executing "t" at <oneArg>:\n {4}invalid value; expected string$/.test(e.message));
  });
  it('a later define replaces an earlier one; an empty one does not', () => {
    const set = new TemplateSet(sprigFuncs({ now: 0 }));
    set.parse('a', '{{define "x"}}A{{end}}');
    set.parse('b', '{{define "x"}}B{{end}}{{define "x"}}  {{end}}');
    set.parse('main', '{{template "x"}}');
    assert.strictEqual(set.execute('main', null), 'B');
  });
});
