/**
 * Go text/template lexer and parser (the grammar of Go's src/text/template/parse): actions, pipelines,
 * variables, if/else if/with/else with/range/break/continue/define/template/block, `{{-`/`-}}` trimming,
 * comments. Positions are offsets into the template text, for error messages as Go prints them.
 */

export class TemplateParseError extends Error {
  constructor(public readonly templateName: string, public readonly line: number, public readonly detail: string) {
    super(`template: ${templateName}:${line}: ${detail}`);
  }
}

type Tok =
  | 'text' | 'leftDelim' | 'rightDelim' | 'space' | 'field' | 'variable' | 'identifier' | 'dot' | 'string' | 'rawString'
  | 'char' | 'number' | 'bool' | 'nil' | 'pipe' | 'leftParen' | 'rightParen' | 'declare' | 'assign' | 'comma'
  | 'keyword' | 'comment' | 'eof';

interface Item { t: Tok; v: string; pos: number; line: number }

const KEYWORDS = new Set(['if', 'else', 'end', 'range', 'with', 'define', 'template', 'block', 'break', 'continue']);

/** Splits template text into items, applying Go's trim markers. */
function lex(name: string, input: string): Item[] {
  const items: Item[] = [];
  let pos = 0, line = 1;
  const lineAt = (p: number) => { let n = 1; for (let i = 0; i < p; i++) if (input.charCodeAt(i) === 10) n++; return n; };
  const err = (p: number, msg: string): never => { throw new TemplateParseError(name, lineAt(p), msg); };
  while (pos < input.length) {
    const open = input.indexOf('{{', pos);
    const end = open < 0 ? input.length : open;
    let text = input.slice(pos, end);
    let trimLeftNext = false;
    if (open >= 0 && input.startsWith('{{-', open) && /[ \t\r\n]/.test(input[open + 3] ?? '')) trimLeftNext = true;
    if (trimLeftNext) text = text.replace(/[ \t\r\n]+$/, '');
    if (text.length) items.push({ t: 'text', v: text, pos, line });
    line += count(input, pos, end);
    if (open < 0) break;
    // inside an action
    let p = open + 2;
    if (trimLeftNext) p += 2;
    const actionStart = open;
    // comment
    const afterSpace = p;
    if (input.startsWith('/*', afterSpace)) {
      const close = input.indexOf('*/', afterSpace + 2);
      if (close < 0) err(open, 'unclosed comment');
      let q = close + 2;
      let trimRight = false;
      if (input.startsWith(' -}}', q) || input.startsWith('\t-}}', q) || input.startsWith('\n-}}', q) || input.startsWith('\r-}}', q)) { trimRight = true; q += 4; }
      else if (input.startsWith('}}', q)) q += 2;
      else err(open, 'comment ends before closing delimiter');
      items.push({ t: 'comment', v: input.slice(afterSpace, close + 2), pos: actionStart, line });
      line += count(input, open, q);
      pos = q;
      if (trimRight) { const m = at(WS, input, pos); line += count(input, pos, pos + m.length); pos += m.length; }
      continue;
    }
    items.push({ t: 'leftDelim', v: '{{', pos: actionStart, line });
    let parenDepth = 0;
    for (;;) {
      if (p >= input.length) err(actionStart, 'unclosed action');
      // right delimiter, with optional trim marker
      if (/[ \t\r\n]/.test(input[p]) && input.startsWith('-}}', p + 1)) {
        // " -}}"
        line += count(input, p, p + 1);
        items.push({ t: 'rightDelim', v: '}}', pos: p, line });
        p += 4;
        const m = at(WS, input, p);
        line += count(input, p, p + m.length);
        p += m.length;
        break;
      }
      if (input.startsWith('}}', p)) {
        if (parenDepth > 0) err(p, 'unclosed left paren');
        items.push({ t: 'rightDelim', v: '}}', pos: p, line });
        p += 2;
        break;
      }
      const c = input[p];
      if (/[ \t\r\n]/.test(c)) {
        const s = p;
        while (p < input.length && /[ \t\r\n]/.test(input[p]) && !(input.startsWith('-}}', p + 1) && /[ \t\r\n]/.test(input[p]))) p++;
        if (p === s) { p++; }
        line += count(input, s, p);
        items.push({ t: 'space', v: input.slice(s, p), pos: s, line });
        continue;
      }
      if (c === '=') { items.push({ t: 'assign', v: '=', pos: p, line }); p++; continue; }
      if (c === ':') { if (input[p + 1] !== '=') err(p, 'expected :='); items.push({ t: 'declare', v: ':=', pos: p, line }); p += 2; continue; }
      if (c === '|') { items.push({ t: 'pipe', v: '|', pos: p, line }); p++; continue; }
      if (c === ',') { items.push({ t: 'comma', v: ',', pos: p, line }); p++; continue; }
      if (c === '(') { parenDepth++; items.push({ t: 'leftParen', v: '(', pos: p, line }); p++; continue; }
      if (c === ')') { parenDepth--; if (parenDepth < 0) err(p, `unexpected right paren`); items.push({ t: 'rightParen', v: ')', pos: p, line }); p++; continue; }
      if (c === '"') {
        let q = p + 1;
        while (q < input.length && input[q] !== '"') { if (input[q] === '\\') q++; if (input[q] === '\n') err(p, 'unterminated quoted string'); q++; }
        if (q >= input.length) err(p, 'unterminated quoted string');
        items.push({ t: 'string', v: input.slice(p, q + 1), pos: p, line }); p = q + 1; continue;
      }
      if (c === '`') {
        const q = input.indexOf('`', p + 1);
        if (q < 0) err(p, 'unterminated raw quoted string');
        items.push({ t: 'rawString', v: input.slice(p, q + 1), pos: p, line }); line += count(input, p, q); p = q + 1; continue;
      }
      if (c === "'") {
        let q = p + 1;
        while (q < input.length && input[q] !== "'") { if (input[q] === '\\') q++; q++; }
        items.push({ t: 'char', v: input.slice(p, q + 1), pos: p, line }); p = q + 1; continue;
      }
      if (c === '$') {
        const m = at(VAR, input, p);
        items.push({ t: 'variable', v: m, pos: p, line }); p += m.length; continue;
      }
      if (c === '.') {
        if (/[0-9]/.test(input[p + 1] ?? '')) { const m = numberAt(input, p); items.push({ t: 'number', v: m, pos: p, line }); p += m.length; continue; }
        const m = at(FIELD, input, p);
        if (m) { items.push({ t: 'field', v: m, pos: p, line }); p += m.length; continue; }
        items.push({ t: 'dot', v: '.', pos: p, line }); p++; continue;
      }
      if (/[0-9+\-]/.test(c)) {
        const m = numberAt(input, p);
        if (!m) err(p, `bad character ${JSON.stringify(c)}`);
        items.push({ t: 'number', v: m, pos: p, line }); p += m.length; continue;
      }
      const id = at(IDENT, input, p);
      if (id) {
        const w = id;
        const t: Tok = KEYWORDS.has(w) ? 'keyword' : w === 'true' || w === 'false' ? 'bool' : w === 'nil' ? 'nil' : 'identifier';
        items.push({ t, v: w, pos: p, line }); p += w.length; continue;
      }
      err(p, `unexpected ${JSON.stringify(c)} in command`);
    }
    pos = p;
  }
  items.push({ t: 'eof', v: '', pos: input.length, line });
  return items;
}

const WS = /[ \t\r\n]*/y;
const VAR = /\$[\p{L}_\p{Nd}]*/uy;
const FIELD = /\.[\p{L}_][\p{L}_\p{Nd}]*/uy;
const IDENT = /[\p{L}_][\p{L}_\p{Nd}]*/uy;
const NUMBER = /[+-]?(0[xX][0-9a-fA-F_]+(\.[0-9a-fA-F_]*)?([pP][+-]?[0-9]+)?|0[bB][01_]+|0[oO][0-7_]+|([0-9][0-9_]*)?\.?[0-9_]*([eE][+-]?[0-9_]+)?i?)/y;
/** The match of sticky regex `re` at offset `p` of `s` ('' when none), without copying the rest of `s`. */
function at(re: RegExp, s: string, p: number): string {
  re.lastIndex = p;
  const m = re.exec(s);
  return m ? m[0] : '';
}

function count(s: string, a: number, b: number): number { let n = 0; for (let i = a; i < b; i++) if (s.charCodeAt(i) === 10) n++; return n; }

function numberAt(s: string, p: number): string {
  const v = at(NUMBER, s, p);
  if (!/[0-9]/.test(v)) return '';
  return v;
}

// ---- nodes ----
export type Node =
  | { type: 'text'; pos: number; text: string }
  | { type: 'action'; pos: number; pipe: Pipe }
  | { type: 'if' | 'with' | 'range'; pos: number; pipe: Pipe; list: ListNode; elseList?: ListNode }
  | { type: 'template'; pos: number; name: string; pipe?: Pipe }
  | { type: 'break' | 'continue'; pos: number }
  | { type: 'comment'; pos: number };
export interface ListNode { type: 'list'; nodes: Node[] }
export interface Pipe { pos: number; decl: string[]; isAssign: boolean; cmds: Command[] }
export interface Command { pos: number; args: Arg[] }
export type Arg =
  | { type: 'field'; pos: number; ident: string[] }
  | { type: 'variable'; pos: number; ident: string[] }
  | { type: 'dot'; pos: number }
  | { type: 'nil'; pos: number }
  | { type: 'bool'; pos: number; value: boolean }
  | { type: 'number'; pos: number; text: string; int?: bigint; float?: number; isFloat: boolean }
  | { type: 'string'; pos: number; text: string; value: string }
  | { type: 'identifier'; pos: number; name: string }
  | { type: 'pipe'; pos: number; pipe: Pipe }
  | { type: 'chain'; pos: number; node: Arg; field: string[] };

export interface Tree { name: string; text: string; root: ListNode }

/** Parses `text` as template `name`; returns the main tree and the trees of its `define`/`block`s. */
export function parseTemplate(name: string, text: string, isFunc: (n: string) => boolean): { main: Tree; defines: Tree[] } {
  const items = lex(name, text).filter((i) => i.t !== 'comment' || true);
  let i = 0;
  const defines: Tree[] = [];
  const vars: string[][] = [['$']];
  const lineOf = (it: Item) => it.line;
  const err = (it: Item, msg: string): never => { throw new TemplateParseError(name, lineOf(it), msg); };
  const peek = () => items[i];
  const next = () => items[i++];
  const peekNonSpace = () => { let j = i; while (items[j].t === 'space') j++; return items[j]; };
  const nextNonSpace = () => { let it = next(); while (it.t === 'space') it = next(); return it; };
  const scope = () => vars[vars.length - 1];
  const hasVar = (v: string) => vars.some((s) => s.includes(v));
  let loopDepth = 0;

  // parse a list until one of the end keywords; returns the list and the ending item keyword
  function itemList(ends: string[]): { list: ListNode; end: string; endItem: Item } {
    const list: ListNode = { type: 'list', nodes: [] };
    for (;;) {
      const it = peek();
      if (it.t === 'eof') {
        if (ends.length) err(it, `unexpected EOF`);
        return { list, end: 'eof', endItem: it };
      }
      if (it.t === 'text') { next(); list.nodes.push({ type: 'text', pos: it.pos, text: it.v }); continue; }
      if (it.t === 'comment') { next(); list.nodes.push({ type: 'comment', pos: it.pos }); continue; }
      // leftDelim
      next();
      const kw = peekNonSpace();
      if (kw.t === 'keyword' && (kw.v === 'end' || kw.v === 'else')) {
        if (!ends.includes(kw.v)) err(kw, `unexpected {{${kw.v}}}`);
        nextNonSpace();
        return { list, end: kw.v, endItem: kw };
      }
      const n = action();
      if (n) list.nodes.push(n);
    }
  }

  function expectRight(ctx: string) {
    const it = nextNonSpace();
    if (it.t !== 'rightDelim') err(it, `unexpected ${desc(it)} in ${ctx}`);
  }

  function action(): Node | undefined {
    const it = peekNonSpace();
    if (it.t === 'keyword') {
      nextNonSpace();
      switch (it.v) {
        case 'if': return control('if', it);
        case 'with': return control('with', it);
        case 'range': return control('range', it);
        case 'define': defineNode(it); return undefined;
        case 'block': return blockNode(it);
        case 'template': return templateNode(it);
        case 'break': case 'continue': {
          if (loopDepth === 0) err(it, `{{${it.v}}} outside {{range}}`);
          expectRight(it.v);
          return { type: it.v, pos: it.pos };
        }
      }
    }
    const p = pipeline('command', 'rightDelim');
    return { type: 'action', pos: p.pos, pipe: p };
  }

  function control(kind: 'if' | 'with' | 'range', it: Item): Node {
    vars.push([...scope()]);
    const pipe = pipeline(kind, 'rightDelim');
    if (kind === 'range') loopDepth++;
    const { list, end, endItem } = itemList(['end', 'else']);
    if (kind === 'range') loopDepth--;
    let elseList: ListNode | undefined;
    if (end === 'else') {
      // else if / else with chains
      const nx = peekNonSpace();
      if ((kind === 'if' && nx.t === 'keyword' && nx.v === 'if') || (kind === 'with' && nx.t === 'keyword' && nx.v === 'with')) {
        nextNonSpace();
        const inner = control(kind, nx);
        elseList = { type: 'list', nodes: [inner] };
        vars.pop();
        return { type: kind, pos: it.pos, pipe, list, elseList };
      }
      expectRight('else');
      const r = itemList(['end']);
      elseList = r.list;
      expectRight('end');
    } else {
      expectRight('end');
      void endItem;
    }
    vars.pop();
    return { type: kind, pos: it.pos, pipe, list, elseList };
  }

  function templateName(ctx: string): string {
    const t = nextNonSpace();
    if (t.t === 'string' || t.t === 'rawString') return unquote(t, err);
    return err(t, `unexpected ${desc(t)} in ${ctx} clause`);
  }

  function defineNode(it: Item) {
    const nm = templateName('define');
    expectRight('define');
    const saveVars = vars.splice(0);
    vars.push(['$']);
    const saveLoop = loopDepth; loopDepth = 0;
    const { list } = itemList(['end']);
    expectRight('end');
    loopDepth = saveLoop;
    vars.splice(0, vars.length, ...saveVars);
    defines.push({ name: nm, text, root: list });
    void it;
  }

  function blockNode(it: Item): Node {
    const nm = templateName('block');
    const pipe = pipeline('block', 'rightDelim');
    const saveVars = vars.splice(0);
    vars.push(['$']);
    const saveLoop = loopDepth; loopDepth = 0;
    const { list } = itemList(['end']);
    expectRight('end');
    loopDepth = saveLoop;
    vars.splice(0, vars.length, ...saveVars);
    defines.push({ name: nm, text, root: list });
    return { type: 'template', pos: it.pos, name: nm, pipe };
  }

  function templateNode(it: Item): Node {
    const nm = templateName('template');
    const nx = peekNonSpace();
    let pipe: Pipe | undefined;
    if (nx.t !== 'rightDelim') pipe = pipeline('template', 'rightDelim');
    else nextNonSpace();
    return { type: 'template', pos: it.pos, name: nm, pipe };
  }

  /** Parses a pipeline up to and including `end` (rightDelim or rightParen). */
  function pipeline(ctx: string, end: 'rightDelim' | 'rightParen'): Pipe {
    const start = peekNonSpace();
    const pipe: Pipe = { pos: start.pos, decl: [], isAssign: false, cmds: [] };
    // declarations
    const save = i;
    const v = peekNonSpace();
    if (v.t === 'variable') {
      nextNonSpace();
      const after = peekNonSpace();
      if (after.t === 'declare' || after.t === 'assign') {
        nextNonSpace();
        pipe.decl.push(v.v);
        pipe.isAssign = after.t === 'assign';
        if (after.t === 'declare') scope().push(v.v);
        else if (!hasVar(v.v)) err(v, `undefined variable "${v.v}"`);
      } else if (after.t === 'comma' && (ctx === 'range')) {
        nextNonSpace();
        const v2 = nextNonSpace();
        if (v2.t !== 'variable') err(v2, `range can only initialize variables`);
        const d = nextNonSpace();
        if (d.t !== 'declare' && d.t !== 'assign') err(d, `expected := or = in range`);
        pipe.decl.push(v.v, v2.v);
        pipe.isAssign = d.t === 'assign';
        if (d.t === 'declare') scope().push(v.v, v2.v);
      } else {
        i = save;
      }
    }
    for (;;) {
      const it = peekNonSpace();
      if (it.t === end) {
        nextNonSpace();
        if (!pipe.cmds.length) err(it, `missing value for ${ctx}`);
        for (let k = 1; k < pipe.cmds.length; k++) {
          const a0 = pipe.cmds[k].args[0];
          if (['bool', 'dot', 'nil', 'number', 'string'].includes(a0.type)) err(it, `non executable command in pipeline stage ${k + 1}`);
        }
        return pipe;
      }
      if (it.t === 'eof' || it.t === 'rightDelim' || it.t === 'rightParen') err(it, `unexpected ${desc(it)} in ${ctx}`);
      pipe.cmds.push(command(end));
    }
  }

  function command(end: Tok): Command {
    const first = peekNonSpace();
    const cmd: Command = { pos: first.pos, args: [] };
    for (;;) {
      const it = peekNonSpace();
      if (it.t === end || it.t === 'rightDelim' || it.t === 'rightParen') break;
      if (it.t === 'pipe') { nextNonSpace(); if (!cmd.args.length) err(it, 'missing command'); return cmd; }
      const op = operand();
      if (!op) err(it, `unexpected ${desc(it)} in operand`);
      cmd.args.push(op!);
      // operands must be separated by space
      const nx = peek();
      if (nx.t !== 'space' && nx.t !== end && nx.t !== 'rightDelim' && nx.t !== 'rightParen' && nx.t !== 'pipe') err(nx, `unexpected ${desc(nx)} in operand`);
    }
    if (!cmd.args.length) err(first, 'empty command');
    return cmd;
  }

  function operand(): Arg | undefined {
    const t = term();
    if (!t) return undefined;
    if (peek().t === 'field') {
      const fields: string[] = [];
      while (peek().t === 'field') fields.push(next().v.slice(1));
      if (t.type === 'field' || t.type === 'variable') return { ...t, ident: [...t.ident, ...fields] } as Arg;
      if (['bool', 'string', 'number', 'nil', 'dot'].includes(t.type)) err(items[i - 1], `unexpected . after term ${JSON.stringify((t as { text?: string }).text ?? t.type)}`);
      return { type: 'chain', pos: t.pos, node: t, field: fields };
    }
    return t;
  }

  function term(): Arg | undefined {
    const it = nextNonSpace();
    switch (it.t) {
      case 'identifier':
        if (!isFunc(it.v)) err(it, `function "${it.v}" not defined`);
        return { type: 'identifier', pos: it.pos, name: it.v };
      case 'dot': return { type: 'dot', pos: it.pos };
      case 'nil': return { type: 'nil', pos: it.pos };
      case 'variable': {
        if (!hasVar(it.v)) err(it, `undefined variable "${it.v}"`);
        return { type: 'variable', pos: it.pos, ident: [it.v] };
      }
      case 'field': return { type: 'field', pos: it.pos, ident: [it.v.slice(1)] };
      case 'bool': return { type: 'bool', pos: it.pos, value: it.v === 'true' };
      case 'char': case 'number': return numberNode(it);
      case 'leftParen': {
        const p = pipeline('parenthesized pipeline', 'rightParen');
        return { type: 'pipe', pos: it.pos, pipe: p };
      }
      case 'string': case 'rawString': return { type: 'string', pos: it.pos, text: it.v, value: unquote(it, err) };
    }
    i--;
    return undefined;
  }

  function numberNode(it: Item): Arg {
    if (it.t === 'char') {
      const s = unquoteChar(it.v.slice(1, -1));
      return { type: 'number', pos: it.pos, text: it.v, int: BigInt(s.codePointAt(0) ?? 0), isFloat: false };
    }
    const raw = it.v.replace(/_/g, '');
    if (/i$/.test(raw)) err(it, `complex numbers are not supported: ${it.v}`);
    const neg = raw.startsWith('-');
    const body = raw.replace(/^[+-]/, '');
    let intVal: bigint | undefined;
    if (/^0[xX][0-9a-fA-F]+$/.test(body) || /^0[bB][01]+$/.test(body) || /^0[oO][0-7]+$/.test(body)) intVal = BigInt(body);
    else if (/^0[0-7]+$/.test(body)) intVal = BigInt('0o' + body.slice(1));
    else if (/^[0-9]+$/.test(body)) intVal = BigInt(body);
    if (intVal !== undefined) return { type: 'number', pos: it.pos, text: it.v, int: neg ? -intVal : intVal, isFloat: false };
    const f = Number(raw);
    if (Number.isNaN(f)) err(it, `illegal number syntax: "${it.v}"`);
    // Go: a float constant with an integral value is also usable as an int
    return { type: 'number', pos: it.pos, text: it.v, float: f, int: Number.isInteger(f) && Math.abs(f) < 2 ** 63 ? BigInt(f) : undefined, isFloat: true };
  }

  const { list } = itemList([]);
  return { main: { name, text, root: list }, defines };
}

function desc(it: Item): string {
  switch (it.t) {
    case 'eof': return 'EOF';
    case 'rightDelim': return '"}}"';
    case 'rightParen': return '")"';
    default: return `<${it.v}>`;
  }
}

function unquote(it: Item, err: (it: Item, m: string) => never): string {
  if (it.t === 'rawString') return it.v.slice(1, -1).replace(/\r/g, '');
  try { return unquoteGo(it.v.slice(1, -1)); } catch (e) { return err(it, (e as Error).message); }
}

export function unquoteGo(s: string): string {
  if (!s.includes('\\')) return s;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c !== '\\') { out += c; continue; }
    const n = s[++i];
    switch (n) {
      case 'n': out += '\n'; break;
      case 't': out += '\t'; break;
      case 'r': out += '\r'; break;
      case 'a': out += '\x07'; break;
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'v': out += '\v'; break;
      case '\\': out += '\\'; break;
      case '"': out += '"'; break;
      case "'": out += "'"; break;
      case 'x': out += String.fromCharCode(parseInt(s.slice(i + 1, i + 3), 16)); i += 2; break;
      case 'u': out += String.fromCodePoint(parseInt(s.slice(i + 1, i + 5), 16)); i += 4; break;
      case 'U': out += String.fromCodePoint(parseInt(s.slice(i + 1, i + 9), 16)); i += 8; break;
      default:
        if (/[0-7]/.test(n)) { out += String.fromCharCode(parseInt(s.slice(i, i + 3), 8)); i += 2; break; }
        throw new Error(`invalid syntax`);
    }
  }
  return out;
}

function unquoteChar(s: string): string { return s.startsWith('\\') ? unquoteGo(s) : s; }
