/**
 * The parser against Go's src/text/template/parse/parse_test.go parseTests (BSD-3-Clause, golang/go): which inputs
 * parse and which fail. (The max-expression-depth cases are left out: Go's test lowers the limit to 3 for them.)
 */
import * as assert from 'assert';
import { parseTemplate } from '../../server/src/engine/helm/parse';

const funcs = new Set(['printf', 'contains']);
const parse = (s: string) => parseTemplate('test', s, (n) => funcs.has(n));

const noError: [string, string][] = [
  ['empty', ''], ['comment', '{{/*\n\n\n*/}}'], ['spaces', ' \t\n'], ['text', 'some text'], ['field', '{{.X}}'],
  ['simple command', '{{printf}}'], ['$ invocation', '{{$}}'], ['variable invocation', '{{with $x := 3}}{{$x 23}}{{end}}'],
  ['variable with fields', '{{$.I}}'], ['multi-word command', '{{printf `%d` 23}}'], ['pipeline', '{{.X|.Y}}'],
  ['pipeline with decl', '{{$x := .X|.Y}}'], ['nested pipeline', '{{.X (.Y .Z) (.A | .B .C) (.E)}}'],
  ['field applied to parentheses', '{{(.Y .Z).Field}}'], ['simple if', '{{if .X}}hello{{end}}'],
  ['if with else', '{{if .X}}true{{else}}false{{end}}'], ['if with else if', '{{if .X}}true{{else if .Y}}false{{end}}'],
  ['if else chain', '+{{if .X}}X{{else if .Y}}Y{{else if .Z}}Z{{end}}+'], ['simple range', '{{range .X}}hello{{end}}'],
  ['chained field range', '{{range .X.Y.Z}}hello{{end}}'], ['nested range', '{{range .X}}hello{{range .Y}}goodbye{{end}}{{end}}'],
  ['range with else', '{{range .X}}true{{else}}false{{end}}'], ['range over pipeline', '{{range .X|.M}}true{{else}}false{{end}}'],
  ['range 1 var', '{{range $x := .SI}}{{.}}{{end}}'], ['range 2 vars', '{{range $x, $y := .SI}}{{.}}{{end}}'],
  ['range with break', '{{range .SI}}{{.}}{{break}}{{end}}'], ['range with continue', '{{range .SI}}{{.}}{{continue}}{{end}}'],
  ['constants', "{{range .SI 1 true false 'a' nil}}{{end}}"], ['template', '{{template `x`}}'], ['template with arg', '{{template `x` .Y}}'],
  ['with', '{{with .X}}hello{{end}}'], ['with with else', '{{with .X}}hello{{else}}goodbye{{end}}'],
  ['with with else with', '{{with .X}}hello{{else with .Y}}goodbye{{end}}'], ['with else chain', '{{with .X}}X{{else with .Y}}Y{{else with .Z}}Z{{end}}'],
  ['trim left', 'x \r\n\t{{- 3}}'], ['trim right', '{{3 -}}\n\n\ty'], ['trim left and right', 'x \r\n\t{{- 3 -}}\n\n\ty'],
  ['trim with extra spaces', 'x\n{{-  3   -}}\ny'], ['comment trim left', 'x \r\n\t{{- /* hi */}}'], ['comment trim right', '{{/* hi */ -}}\n\n\ty'],
  ['comment trim left and right', 'x \r\n\t{{- /* */ -}}\n\n\ty'], ['block definition', '{{block "foo" .}}hello{{end}}'],
  ['newline in assignment', '{{ $x \n := \n 1 \n }}'], ['newline in pipeline', '{{\n"x"\n|\nprintf\n}}'], ['newline in comment', '{{/*\nhello\n*/}}'],
  ['newline in comment with trim', '{{-\n/*\nhello\n*/\n-}}'], ['spaces around continue', '{{range .SI}}{{.}}{{ continue }}{{end}}'],
  ['bug0a', '{{$x := 0}}{{$x}}'], ['bug1c', '{{$x:=.}}{{$x +2}}'], ['bug2a', '{{range $x := 0}}{{$x}}{{end}}'], ['bug2b', '{{$x := 1}}{{range $x = 0}}{{$x}}{{end}}'],
  ['paren nesting', '{{ ((( 1 ))) | printf }}'], ['control structure nesting', '{{if .X}}{{with .Y}}{{range .Z}}x{{end}}{{end}}{{end}}'],
];

const hasError: [string, string][] = [
  ['emptyAction', '{{}}'], ['newline in empty action', '{{\n}}'], ['unclosed action', 'hello{{range'], ['unmatched end', '{{end}}'],
  ['unmatched else', '{{else}}'], ['unmatched else after if', '{{if .X}}hello{{end}}{{else}}'], ['multiple else', '{{if .X}}1{{else}}2{{else}}3{{end}}'],
  ['missing end', 'hello{{range .x}}'], ['missing end after else', 'hello{{range .x}}{{else}}'], ['undefined function', 'hello{{undefined}}'],
  ['undefined variable', '{{$x}}'], ['variable undefined after end', '{{with $x := 4}}{{end}}{{$x}}'], ['variable undefined in template', '{{template $v}}'],
  ['declare with field', '{{with $x.Y := 4}}{{end}}'], ['template with field ref', '{{template .X}}'], ['invalid punctuation', '{{printf 3, 4}}'],
  ['multidecl outside range', '{{with $v, $u := 3}}{{end}}'], ['too many decls in range', '{{range $u, $v, $w := 3}}{{end}}'],
  ['dot applied to parentheses', '{{printf (printf .).}}'], ['adjacent args', '{{printf 3`x`}}'], ['adjacent args with .', '{{printf `x`.}}'],
  ['extra end after if', '{{if .X}}a{{else if .Y}}b{{end}}{{end}}'], ['break outside range', '{{range .}}{{end}} {{break}}'],
  ['continue outside range', '{{range .}}{{end}} {{continue}}'], ['break in range else', '{{range .}}{{else}}{{break}}{{end}}'],
  ['continue in range else', '{{range .}}{{else}}{{continue}}{{end}}'], ['bug0b', '{{$x += 1}}{{$x}}'], ['bug0c', '{{$x ! 2}}{{$x}}'],
  ['bug0d', '{{$x % 3}}{{$x}}'], ['bug0e', '{{range $x := $y := 3}}{{end}}'], ['bug1a', '{{$x:=.}}{{$x!2}}'], ['bug1b', '{{$x:=.}}{{$x+2}}'],
  ['dot after integer', '{{1.E}}'], ['dot after float', '{{0.1.E}}'], ['dot after boolean', '{{true.E}}'], ['dot after char', "{{'a'.any}}"],
  ['dot after string', '{{"hello".guys}}'], ['dot after dot', '{{..E}}'], ['dot after nil', '{{nil.E}}'], ['wrong pipeline dot', '{{12|.}}'],
  ['wrong pipeline number', '{{.|12|printf}}'], ['wrong pipeline string', '{{.|printf|"error"}}'], ['wrong pipeline char', "{{12|printf|'e'}}"],
  ['wrong pipeline boolean', '{{.|true}}'], ['wrong pipeline nil', "{{'c'|nil}}"], ['empty pipeline', '{{printf "%d" ( ) }}'],
  ['block without pipeline', '{{block "foo"}}hello{{end}}'],
];

describe('helm engine: Go template parser (cases from Go parse_test.go)', () => {
  for (const [name, input] of noError) it(`parses: ${name}`, () => assert.doesNotThrow(() => parse(input)));
  for (const [name, input] of hasError) it(`rejects: ${name}`, () => assert.throws(() => parse(input)));
});
