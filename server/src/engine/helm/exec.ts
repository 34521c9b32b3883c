/**
 * Go text/template executor (the semantics of Go's src/text/template/exec.go and funcs.go) over the values of
 * values.ts, with missingkey=zero as Helm sets it.
 */
import { parseTemplate, Tree, Node, ListNode, Pipe, Command, Arg } from './parse';
import { Value, Dict, GoObject, isDict, typeName, truth, printV, sprintf, sprint, sprintln, GoError } from './values';
import { helmToYaml } from './yaml';

export type ParamKind = 'any' | 'string' | 'int' | 'float' | 'bool' | 'dict' | 'list';
export interface GoFunc {
  params: ParamKind[];
  variadic?: ParamKind;
  fn: (...args: Value[]) => Value;
}
export type FuncMap = Record<string, GoFunc>;

/** Declares a function: sig is a space-separated list of parameter kinds, the last may be `...kind`. */
export function fn(sig: string, f: (...args: any[]) => Value): GoFunc {
  const parts = sig.trim() ? sig.trim().split(/\s+/) : [];
  const last = parts[parts.length - 1];
  if (last && last.startsWith('...')) return { params: parts.slice(0, -1) as ParamKind[], variadic: last.slice(3) as ParamKind, fn: f };
  return { params: parts as ParamKind[], fn: f };
}

/** An error a template raised with `fail` or `required`: Helm prints it as "execution error at (loc): msg". */
export class FailError extends Error {}

/** A template execution error, with Go's location (parse name:line:col) and the executing template. */
export class ExecError extends Error {
  constructor(public readonly location: string, public readonly template: string, public readonly at: string, public readonly detail: string, public readonly helmFail: boolean) {
    super(helmFail ? `execution error at (${location}): ${detail}` : `${location}\n  executing "${template}" at <${at}>:\n    ${detail}`);
  }
}

interface TemplateDef { tree: Tree; parseName: string }

const BREAK = Symbol('break');
const CONTINUE = Symbol('continue');
const MAX_DEPTH = 100000 / 100; // Go's maxExecDepth is 100000 frames of Go stack; JS stacks are smaller

/** A set of associated templates sharing one function map, like a *template.Template and its namespace. */
export class TemplateSet {
  readonly templates = new Map<string, TemplateDef>();
  funcs: FuncMap;
  /** The values path of each map and list of the values tree (set by the chart renderer): an action that prints
   *  a value read from it (`{{ .Values.a.b }}`, `{{ toYaml .Values.c | nindent 4 }}`) tags its output with it. */
  origins?: WeakMap<object, string[]>;
  constructor(funcs: FuncMap) { this.funcs = { ...builtins(), ...funcs }; }

  /** Parses `text` as template `name`, adding its defines (a later non-empty define replaces an earlier one, as Go does). */
  parse(name: string, text: string): void {
    const { main, defines } = parseTemplate(name, text, (n) => n in this.funcs);
    this.add(name, main, name, true);
    for (const d of defines) this.add(d.name, d, name, false);
  }

  private add(name: string, tree: Tree, parseName: string, isMain: boolean) {
    const existing = this.templates.get(name);
    // Go: an empty template body does not replace an existing one (parse.IsEmptyTree)
    if (existing && isEmptyTree(tree.root) && !isMain) return;
    if (existing && isEmptyTree(tree.root) && isMain) return;
    this.templates.set(name, { tree: { ...tree, name }, parseName });
  }

  clone(): TemplateSet {
    const t = new TemplateSet({});
    t.funcs = { ...this.funcs };
    for (const [k, v] of this.templates) t.templates.set(k, v);
    return t;
  }

  has(name: string): boolean { return this.templates.has(name); }

  execute(name: string, data: Value, depth = 0): string {
    return this.run(name, data, depth, false).out.join('');
  }

  /** Executes and also returns where each piece of output came from (see OutputChunk). */
  executeMapped(name: string, data: Value): { chunks: OutputChunk[] } {
    const st = this.run(name, data, 0, true);
    return { chunks: st.out.map((text, i) => ({ text, ...st.src[i] })) };
  }

  private run(name: string, data: Value, depth: number, mapped: boolean): State {
    // reflect.ValueOf(nil) is the invalid value: `.x` on it gives no value instead of failing
    if (data === null) data = undefined;
    const def = this.templates.get(name);
    if (!def) throw new GoError(`template: no template ${JSON.stringify(name)} associated with template "gotpl"`);
    const st = new State(this, def, depth);
    // only a mapped execution's own output is tagged (an include's is a string to its caller)
    st.track = mapped && this.origins !== undefined;
    st.vars.push({ name: '$', value: data });
    st.walk(data, def.tree.root);
    return st;
  }
}

/** A piece of a template's output: `pos` is the offset in the executed template's text where it came from; `exact`
 *  when the piece is that template text itself (character for character), otherwise it is the output of the action
 *  (or of the {{template}} call) at `pos`. `values`: the action printed a value of the values tree (see ValuesOrigin). */
export interface OutputChunk { text: string; pos: number; exact: boolean; values?: ValuesOrigin }

/** Where an action's output came from in the values: the scalar at `path` (printed as is or quoted), or, `tree`,
 *  the YAML of the map or list at `path` (toYaml, possibly indented). Paths start at the top chart's .Values. */
export interface ValuesOrigin { path: string[]; tree: boolean }

const squash = (s: string) => s.replace(/\s+/g, '');

/** The values read while evaluating one action that its printed text is: the last one it matches (a map or a list
 *  only when it is the last value read, as in `toYaml .Values.x | nindent 4`). */
function originOf(text: string, lookups: { path: string[]; value: Value }[], yamlOf: WeakMap<object, string>): ValuesOrigin | undefined {
  const t = text.trim();
  if (!t) return undefined;
  for (let i = lookups.length - 1; i >= 0; i--) {
    const { path, value } = lookups[i];
    if (Array.isArray(value) || isDict(value)) {
      if (i !== lookups.length - 1 || !t.includes('\n') && !/^[[{]/.test(t) && !t.includes(':') && !t.startsWith('-')) continue;
      let y = yamlOf.get(value);
      if (y === undefined) {
        try { y = squash(helmToYaml(value)); } catch { y = ''; }
        yamlOf.set(value, y);
      }
      if (y && y === squash(t)) return { path, tree: true };
    } else if (typeof value === 'string' || typeof value === 'boolean' || typeof value === 'bigint' || typeof value === 'number') {
      const p = printV(value);
      if (p && (t === p || t.replace(/^(["'])([^]*)\1$/, '$2') === p)) return { path, tree: false };
    }
  }
  return undefined;
}

function isEmptyTree(l: ListNode): boolean {
  return l.nodes.every((n) => n.type === 'comment' || (n.type === 'text' && n.text.trim() === ''));
}

class State {
  out: string[] = [];
  /** parallel to out: the source of each piece; `fixed` maps a nested {{template}}'s output to its call site */
  src: { pos: number; exact: boolean; values?: ValuesOrigin }[] = [];
  fixed: number | undefined;
  /** values read by the action being evaluated, when the set tracks origins */
  lookups: { path: string[]; value: Value }[] | undefined;
  /** whether this execution tags its output with values origins */
  track = false;
  /** toYaml of the values maps and lists, once per execution */
  yamlOf = new WeakMap<object, string>();
  vars: { name: string; value: Value }[] = [];
  node: { pos: number; at: string } | undefined;
  constructor(readonly set: TemplateSet, readonly def: TemplateDef, readonly depth: number) {}

  location(pos: number): string {
    const text = this.def.tree.text.slice(0, pos);
    const nl = text.lastIndexOf('\n');
    const col = nl < 0 ? pos : pos - (nl + 1);
    const line = 1 + (text.match(/\n/g)?.length ?? 0);
    return `${this.def.parseName}:${line}:${col}`;
  }

  fail(pos: number, at: string, detail: string, helmFail = false): never {
    throw new ExecError(this.location(pos), this.def.tree.name, at, detail, helmFail);
  }

  walk(dot: Value, list: ListNode): void {
    for (const n of list.nodes) this.walkNode(dot, n);
  }

  walkNode(dot: Value, n: Node): void {
    switch (n.type) {
      case 'text': this.emit(n.text, n.pos, true); return;
      case 'comment': return;
      case 'action': {
        const track = this.track && !n.pipe.decl.length;
        const outer = this.lookups;
        if (track) this.lookups = [];
        let v: Value;
        let lookups: { path: string[]; value: Value }[] | undefined;
        try { v = this.evalPipeline(dot, n.pipe); } finally { lookups = this.lookups; this.lookups = outer; }
        if (!n.pipe.decl.length) {
          const text = this.printValue(n.pipe.pos, v);
          this.emit(text, n.pipe.pos, false, track && lookups?.length ? originOf(text, lookups, this.yamlOf) : undefined);
        }
        return;
      }
      case 'if': case 'with': {
        const mark = this.vars.length;
        const v = this.evalPipeline(dot, n.pipe);
        const t = this.isTrue(n.pipe.pos, v);
        if (t) this.walk(n.type === 'with' ? v : dot, n.list);
        else if (n.elseList) this.walk(dot, n.elseList);
        this.vars.length = mark;
        return;
      }
      case 'range': return this.walkRange(dot, n);
      case 'template': {
        const def = this.set.templates.get(n.name);
        if (!def) this.fail(n.pos, `template ${n.name}`, `template: no template ${JSON.stringify(n.name)} associated with template "gotpl"`);
        const data = n.pipe ? this.evalPipeline(dot, n.pipe) : null;
        if (this.depth >= MAX_DEPTH) this.fail(n.pos, `template ${n.name}`, `exceeded maximum template depth (${MAX_DEPTH})`);
        const st = new State(this.set, def, this.depth + 1);
        st.out = this.out;
        st.src = this.src;
        st.fixed = this.fixed ?? n.pos;
        st.track = this.track;
        st.yamlOf = this.yamlOf;
        st.vars = [{ name: '$', value: data }];
        st.walk(data, def.tree.root);
        return;
      }
      case 'break': throw BREAK;
      case 'continue': throw CONTINUE;
    }
  }

  emit(text: string, pos: number, exact: boolean, values?: ValuesOrigin) {
    this.out.push(text);
    const src: { pos: number; exact: boolean; values?: ValuesOrigin } = this.fixed !== undefined ? { pos: this.fixed, exact: false } : { pos, exact };
    if (values) src.values = values;
    this.src.push(src);
  }

  /** Notes a value of the values tree read by the action being evaluated (a map or list by its own tag). */
  note(v: Value, parent?: Value, key?: string): Value {
    if (!this.lookups || !this.set.origins) return v;
    const own = v !== null && typeof v === 'object' ? this.set.origins.get(v) : undefined;
    if (own) this.lookups.push({ path: own, value: v });
    else if (parent !== undefined && key !== undefined && parent !== null && typeof parent === 'object') {
      const p = this.set.origins.get(parent);
      if (p) this.lookups.push({ path: [...p, key], value: v });
    }
    return v;
  }

  isTrue(pos: number, v: Value): boolean {
    if (typeof v === 'function') this.fail(pos, 'if', `if/with can't use ${printV(v)}`);
    return truth(v);
  }

  walkRange(dot: Value, n: { pos: number; pipe: Pipe; list: ListNode; elseList?: ListNode }): void {
    const mark = this.vars.length;
    const v = this.evalPipeline(dot, n.pipe, false);
    const decl = n.pipe.decl;
    const one = (key: Value, elem: Value): boolean => {
      if (decl.length === 1) this.setVar(decl[0], elem, n.pipe.isAssign, mark);
      else if (decl.length === 2) { this.setVar(decl[0], key, n.pipe.isAssign, mark); this.setVar(decl[1], elem, n.pipe.isAssign, mark); }
      const inner = this.vars.length;
      try { this.walk(elem, n.list); } catch (e) {
        if (e === BREAK) { this.vars.length = inner; return false; }
        if (e !== CONTINUE) throw e;
      }
      this.vars.length = inner;
      return true;
    };
    let iterated = false;
    const run = (items: [Value, Value][]) => { for (const [k, e] of items) { iterated = true; if (!one(k, e)) break; } };
    if (v === null || v === undefined) { /* nothing */ }
    else if (Array.isArray(v)) run(v.map((e, i) => [BigInt(i), e]));
    else if (v instanceof GoObject && v.list) run(v.list.map((e, i) => [BigInt(i), e]));
    else if (v instanceof Uint8Array) run(Array.from(v).map((e, i) => [BigInt(i), BigInt(e)]));
    else if (isDict(v)) run(Object.keys(v).sort().map((k) => [k, v[k]]));
    else if (v instanceof GoObject && v.mapLike) run(Object.keys(v.fields).sort().map((k) => [k, v.fields[k]]));
    else if (typeof v === 'bigint') {
      if (decl.length > 1) this.fail(n.pos, 'range', `can't use ${v} to iterate over more than one variable`);
      const items: [Value, Value][] = [];
      for (let i = 0n; i < v; i++) items.push([i, i]);
      run(items);
    } else this.fail(n.pipe.pos, 'range', `range can't iterate over ${printV(v)}`);
    this.vars.length = mark;
    if (!iterated && n.elseList) this.walk(dot, n.elseList);
  }

  setVar(name: string, value: Value, assign: boolean, _mark: number) {
    if (assign) {
      for (let i = this.vars.length - 1; i >= 0; i--) if (this.vars[i].name === name) { this.vars[i].value = value; return; }
      throw new GoError(`undefined variable: ${name}`);
    }
    this.vars.push({ name, value });
  }

  varValue(pos: number, name: string): Value {
    for (let i = this.vars.length - 1; i >= 0; i--) if (this.vars[i].name === name) return this.vars[i].value;
    return this.fail(pos, name, `undefined variable: ${name}`);
  }

  printValue(pos: number, v: Value): string {
    if (v === null || v === undefined) return '<no value>';
    void pos;
    return printV(v);
  }

  evalPipeline(dot: Value, pipe: Pipe, setDecl = true): Value {
    let value: Value | typeof NO_FINAL = NO_FINAL;
    for (const cmd of pipe.cmds) {
      value = this.evalCommand(dot, cmd, value);
      // Go unwraps interface{} results ("lovely!"): a nil interface becomes the invalid value, here undefined
      if (value === null) value = undefined;
    }
    const v = value as Value;
    if (setDecl && pipe.decl.length === 1 && !pipe.isAssign) this.vars.push({ name: pipe.decl[0], value: v });
    else if (setDecl && pipe.decl.length === 1) this.setVar(pipe.decl[0], v, true, 0);
    // range declarations are set per element by walkRange
    return v;
  }

  evalCommand(dot: Value, cmd: Command, final: Value | typeof NO_FINAL): Value {
    const first = cmd.args[0];
    switch (first.type) {
      case 'field': return this.evalFieldChain(dot, dot, first.pos, first.ident, cmd.args, final, '.' + first.ident.join('.'));
      case 'chain': {
        const recv = this.evalArgValue(dot, first.node);
        return this.evalFieldChain(dot, recv, first.pos, first.field, cmd.args, final, '.' + first.field.join('.'));
      }
      case 'identifier': return this.evalFunction(dot, first.name, first.pos, cmd, final);
      case 'pipe': {
        this.notAFunction(cmd.args, final, first.pos);
        return this.evalPipelineNested(dot, first.pipe);
      }
      case 'variable': {
        const v = this.note(this.varValue(first.pos, first.ident[0]));
        if (first.ident.length === 1) { this.notAFunction(cmd.args, final, first.pos); return v; }
        return this.evalFieldChain(dot, v, first.pos, first.ident.slice(1), cmd.args, final, first.ident.join('.'));
      }
    }
    this.notAFunction(cmd.args, final, first.pos);
    switch (first.type) {
      case 'bool': return first.value;
      case 'dot': return this.note(dot);
      case 'nil': return this.fail(first.pos, 'nil', 'nil is not a command');
      case 'number': return first.isFloat ? first.float! : first.int!;
      case 'string': return first.value;
    }
  }

  evalPipelineNested(dot: Value, pipe: Pipe): Value {
    const mark = this.vars.length;
    const v = this.evalPipeline(dot, pipe);
    this.vars.length = mark;
    return v;
  }

  notAFunction(args: Arg[], final: Value | typeof NO_FINAL, pos: number) {
    if (args.length > 1 || final !== NO_FINAL) this.fail(pos, '', `can't give argument to non-function ${argText(args[0])}`);
  }

  evalFieldChain(dot: Value, recv: Value, pos: number, ident: string[], args: Arg[], final: Value | typeof NO_FINAL, at: string): Value {
    let v = recv;
    for (let i = 0; i < ident.length - 1; i++) v = this.evalField(dot, ident[i], pos, [], NO_FINAL, v, at);
    return this.evalField(dot, ident[ident.length - 1], pos, args, final, v, at);
  }

  evalField(dot: Value, name: string, pos: number, args: Arg[], final: Value | typeof NO_FINAL, recv: Value, at: string): Value {
    if (recv === undefined) return undefined;
    const hasArgs = args.length > 1 || final !== NO_FINAL;
    if (recv instanceof GoObject) {
      const m = recv.methods[name];
      if (m) {
        const argv = args.slice(1).map((a) => this.evalArgValue(dot, a));
        if (final !== NO_FINAL) argv.push(final as Value);
        if (argv.length !== m.length) this.fail(pos, at, `wrong number of args for ${name}: want ${m.length} got ${argv.length}`);
        try { return m(...argv); } catch (e) { return this.fail(pos, at, `error calling ${name}: ${(e as Error).message}`); }
      }
      if (name in recv.fields) {
        if (hasArgs) this.fail(pos, at, `${name} has arguments but cannot be invoked as function`);
        return recv.fields[name];
      }
      return this.fail(pos, at, `can't evaluate field ${name} in type ${recv.typeName}`);
    }
    if (isDict(recv)) {
      if (hasArgs) this.fail(pos, at, `${name} is not a method but has arguments`);
      return this.note(Object.prototype.hasOwnProperty.call(recv, name) ? recv[name] : null, recv, name);
    }
    // an invalid receiver (nil from a pipeline or a variable: `(.Values.a).b`, `$x.b`) gives no value; a nil
    // interface met inside a field chain (`.Values.a.b` with a missing) is Helm's "nil pointer evaluating" error
    if (recv === undefined) return undefined;
    if (recv === null) return this.fail(pos, at, `nil pointer evaluating interface {}.${name}`);
    return this.fail(pos, at, `can't evaluate field ${name} in type ${typeName(recv)}`);
  }

  evalFunction(dot: Value, name: string, pos: number, cmd: Command, final: Value | typeof NO_FINAL): Value {
    // and/or short-circuit over unevaluated arguments
    if (name === 'and' || name === 'or') {
      const args = cmd.args.slice(1);
      const n = args.length + (final !== NO_FINAL ? 1 : 0);
      if (n < 1) this.fail(pos, name, `wrong number of args for ${name}: want at least 1 got 0`);
      let v: Value = null;
      for (let i = 0; i < n; i++) {
        v = i < args.length ? this.evalArgValue(dot, args[i]) : (final as Value);
        if (truth(v) === (name === 'or')) return v;
      }
      return v;
    }
    const f = this.set.funcs[name];
    if (!f) return this.fail(pos, name, `"${name}" is not a defined function`);
    const argNodes = cmd.args.slice(1);
    const numIn = argNodes.length + (final !== NO_FINAL ? 1 : 0);
    if (f.variadic) {
      if (numIn < f.params.length) this.fail(pos, name, `wrong number of args for ${name}: want at least ${f.params.length} got ${numIn}`);
    } else if (numIn !== f.params.length) this.fail(pos, name, `wrong number of args for ${name}: want ${f.params.length} got ${numIn}`);
    const argv: Value[] = [];
    const kindAt = (i: number): ParamKind => (i < f.params.length ? f.params[i] : f.variadic!);
    argNodes.forEach((a, i) => argv.push(this.evalArg(dot, a, kindAt(i), name)));
    if (final !== NO_FINAL) argv.push(this.validate(final as Value, kindAt(argv.length), pos, name, true));
    try {
      return f.fn(...argv);
    } catch (e) {
      if (e instanceof ExecError || e === BREAK || e === CONTINUE) throw e;
      if (e instanceof FailError) return this.fail(pos, name, e.message, true);
      if (e instanceof NestedError) throw e.inner;
      if (e instanceof RangeError && /call stack/.test(e.message)) return this.fail(pos, name, `error calling ${name}: exceeded maximum template depth`);
      return this.fail(pos, name, `error calling ${name}: ${(e as Error).message}`);
    }
  }

  evalArgValue(dot: Value, a: Arg): Value { return this.evalArg(dot, a, 'any', ''); }

  evalArg(dot: Value, a: Arg, kind: ParamKind, fname: string): Value {
    switch (a.type) {
      case 'dot': return this.validate(this.note(dot), kind, a.pos, fname, false);
      case 'nil':
        if (kind === 'any' || kind === 'dict' || kind === 'list') return null;
        return this.fail(a.pos, 'nil', `cannot assign nil to ${goKind(kind)}`);
      case 'field': return this.validate(this.evalFieldChain(dot, dot, a.pos, a.ident, [a], NO_FINAL, '.' + a.ident.join('.')), kind, a.pos, fname, false, true);
      case 'variable': {
        const v = this.note(this.varValue(a.pos, a.ident[0]));
        const r = a.ident.length > 1 ? this.evalFieldChain(dot, v, a.pos, a.ident.slice(1), [a], NO_FINAL, a.ident.join('.')) : v;
        return this.validate(r, kind, a.pos, fname, false);
      }
      case 'pipe': return this.validate(this.evalPipelineNested(dot, a.pipe), kind, a.pos, fname, false);
      case 'identifier': return this.validate(this.evalFunction(dot, a.name, a.pos, { pos: a.pos, args: [a] }, NO_FINAL), kind, a.pos, fname, false);
      case 'chain': {
        const recv = this.evalArgValue(dot, a.node);
        return this.validate(this.evalFieldChain(dot, recv, a.pos, a.field, [a], NO_FINAL, '.' + a.field.join('.')), kind, a.pos, fname, false);
      }
      case 'bool':
        if (kind === 'any' || kind === 'bool') return a.value;
        return this.fail(a.pos, String(a.value), `expected ${goKind(kind)}; found ${a.value}`);
      case 'string':
        if (kind === 'any' || kind === 'string') return a.value;
        return this.fail(a.pos, a.text, `expected ${goKind(kind)}; found ${a.text}`);
      case 'number':
        if (kind === 'int') { if (a.int === undefined) this.fail(a.pos, a.text, `expected integer; found ${a.text}`); return a.int!; }
        if (kind === 'float') return a.isFloat ? a.float! : Number(a.int!);
        if (kind === 'any') return a.isFloat ? a.float! : a.int!;
        return this.fail(a.pos, a.text, `expected ${goKind(kind)}; found ${a.text}`);
    }
  }

  validate(v: Value, kind: ParamKind, pos: number, fname: string, final: boolean, fromField = false): Value {
    if (kind === 'any') return v;
    if (v === null || v === undefined) {
      if (kind === 'dict') return {};
      if (kind === 'list') return [];
      if (fromField && !final) return this.fail(pos, fname, `wrong type for value; expected ${goKind(kind)}; got interface {}`);
      return this.fail(pos, fname, `invalid value; expected ${goKind(kind)}`);
    }
    const ok = kind === 'string' ? typeof v === 'string'
      : kind === 'int' ? typeof v === 'bigint'
      : kind === 'float' ? typeof v === 'number'
      : kind === 'bool' ? typeof v === 'boolean'
      : kind === 'dict' ? isDict(v)
      : kind === 'list' ? Array.isArray(v) || (v instanceof GoObject && !!v.list)
      : true;
    if (!ok) return this.fail(pos, fname, `wrong type for value; expected ${goKind(kind)}; got ${typeName(v)}`);
    if (kind === 'list' && v instanceof GoObject) return v.list!;
    return v;
  }
}

/** Thrown by include/tpl to pass an inner template's error through unchanged. */
export class NestedError extends Error { constructor(readonly inner: Error) { super(inner.message); } }

const NO_FINAL = Symbol('noFinal');

function goKind(k: ParamKind): string {
  return k === 'dict' ? 'map[string]interface {}' : k === 'list' ? '[]interface {}' : k === 'float' ? 'float64' : k;
}

function argText(a: Arg): string {
  switch (a.type) {
    case 'field': return '.' + a.ident.join('.');
    case 'variable': return a.ident.join('.');
    case 'identifier': return a.name;
    case 'string': return a.text;
    case 'number': return a.text;
    case 'bool': return String(a.value);
    case 'dot': return '.';
    case 'nil': return 'nil';
    default: return '(...)';
  }
}

// ---------------- builtins (text/template funcs.go) ----------------
function basicKind(v: Value): string {
  if (v === null || v === undefined) return 'invalid';
  switch (typeof v) {
    case 'boolean': return 'bool';
    case 'bigint': return 'int';
    case 'number': return 'float';
    case 'string': return 'string';
  }
  return 'other';
}

export function goEq(a: Value, ...bs: Value[]): boolean {
  if (!bs.length) throw new GoError('missing argument for comparison');
  const k1 = basicKind(a);
  for (const b of bs) {
    const k2 = basicKind(b);
    let t = false;
    if (k1 !== k2) {
      if (k1 !== 'invalid' && k2 !== 'invalid') throw new GoError('incompatible types for comparison');
    } else if (k1 === 'other' || k1 === 'invalid') {
      const n1 = a === null || a === undefined, n2 = b === null || b === undefined;
      if (n1 || n2) t = n1 === n2;
      else if (Array.isArray(a) || isDict(a)) throw new GoError(`non-comparable type ${printV(a)}: ${typeName(a)}`);
      else t = a === b;
    } else t = a === b;
    if (t) return true;
  }
  return false;
}

export function goLt(a: Value, b: Value): boolean {
  const k1 = basicKind(a), k2 = basicKind(b);
  if (k1 !== k2) throw new GoError('incompatible types for comparison');
  if (k1 === 'bool' || k1 === 'other' || k1 === 'invalid') throw new GoError('invalid type for comparison');
  return (a as string | number | bigint) < (b as string | number | bigint);
}

function goLen(v: Value): Value {
  if (v === null || v === undefined) throw new GoError('len of nil pointer');
  if (typeof v === 'string') return BigInt(new TextEncoder().encode(v).length);
  if (Array.isArray(v) || v instanceof Uint8Array) return BigInt(v.length);
  if (v instanceof GoObject && v.list) return BigInt(v.list.length);
  if (v instanceof GoObject && v.mapLike) return BigInt(Object.keys(v.fields).length);
  if (isDict(v)) return BigInt(Object.keys(v).length);
  throw new GoError(`len of type ${typeName(v)}`);
}

function toIndex(i: Value, cap: number): number {
  if (typeof i !== 'bigint') throw new GoError(`cannot index slice/array with type ${typeName(i)}`);
  const n = Number(i);
  if (n < 0 || n > cap) throw new GoError(`index out of range: ${n}`);
  return n;
}

function goIndex(item: Value, ...idx: Value[]): Value {
  let v = item;
  for (const i of idx) {
    if (v === null || v === undefined) throw new GoError('index of untyped nil');
    if (Array.isArray(v) || (v instanceof GoObject && v.list)) {
      const l = Array.isArray(v) ? v : (v as GoObject).list!;
      const n = toIndex(i, l.length);
      if (n >= l.length) throw new GoError(`index out of range: ${n}`);
      v = l[n];
    } else if (typeof v === 'string') {
      const bytes = new TextEncoder().encode(v);
      const n = toIndex(i, bytes.length);
      if (n >= bytes.length) throw new GoError(`index out of range: ${n}`);
      v = BigInt(bytes[n]);
    } else if (isDict(v) || (v instanceof GoObject && v.mapLike)) {
      const d = isDict(v) ? v : (v as GoObject).fields;
      if (typeof i !== 'string') {
        if (i === null || i === undefined) throw new GoError('value is nil; should be of type string');
        throw new GoError(`value has type ${typeName(i)}; should be string`);
      }
      v = Object.prototype.hasOwnProperty.call(d, i) ? d[i] : null;
    } else throw new GoError(`can't index item of type ${typeName(v)}`);
  }
  return v;
}

function goSlice(item: Value, ...idx: Value[]): Value {
  if (item === null || item === undefined) throw new GoError('slice of untyped nil');
  if (idx.length > 3) throw new GoError(`too many slice indexes: ${idx.length}`);
  if (typeof item === 'string') {
    if (idx.length === 3) throw new GoError('cannot 3-index slice a string');
    const b = new TextEncoder().encode(item);
    const x = idx.length > 0 ? toIndex(idx[0], b.length) : 0;
    const y = idx.length > 1 ? toIndex(idx[1], b.length) : b.length;
    if (y < x) throw new GoError(`invalid slice index: ${x} > ${y}`);
    return new TextDecoder().decode(b.slice(x, y));
  }
  if (Array.isArray(item)) {
    const x = idx.length > 0 ? toIndex(idx[0], item.length) : 0;
    const y = idx.length > 1 ? toIndex(idx[1], item.length) : item.length;
    if (y < x) throw new GoError(`invalid slice index: ${x} > ${y}`);
    return item.slice(x, y);
  }
  throw new GoError(`can't slice item of type ${typeName(item)}`);
}

export function htmlEscape(s: string): string {
  return s.replace(/[\0"'&<>]/g, (c) => ({ '\0': '\uFFFD', '"': '&#34;', "'": '&#39;', '&': '&amp;', '<': '&lt;', '>': '&gt;' }[c]!));
}
function jsEscape(s: string): string {
  let out = '';
  for (const c of s) {
    switch (c) {
      case '\\': out += '\\\\'; break;
      case "'": out += "\\'"; break;
      case '"': out += '\\"'; break;
      case '<': out += '\\u003C'; break;
      case '>': out += '\\u003E'; break;
      case '&': out += '\\u0026'; break;
      case '=': out += '\\u003D'; break;
      case '\n': out += '\\n'; break;
      case '\r': out += '\\r'; break;
      case '\t': out += '\\t'; break;
      default: {
        const cp = c.codePointAt(0)!;
        out += cp < 0x20 ? '\\u' + cp.toString(16).toUpperCase().padStart(4, '0') : c;
      }
    }
  }
  return out;
}
function evalArgs(args: Value[]): string {
  if (args.length === 1 && typeof args[0] === 'string') return args[0];
  return sprint(args);
}

export function builtins(): FuncMap {
  return {
    and: fn('any ...any', () => null), // handled in evalFunction
    or: fn('any ...any', () => null),
    not: fn('any', (v: Value) => !truth(v)),
    len: fn('any', goLen),
    index: fn('any ...any', goIndex),
    slice: fn('any ...any', goSlice),
    print: fn('...any', (...a: Value[]) => sprint(a)),
    printf: fn('string ...any', (f: string, ...a: Value[]) => sprintf(f, a)),
    println: fn('...any', (...a: Value[]) => sprintln(a)),
    html: fn('...any', (...a: Value[]) => htmlEscape(evalArgs(a))),
    js: fn('...any', (...a: Value[]) => jsEscape(evalArgs(a))),
    urlquery: fn('...any', (...a: Value[]) => encodeURIComponent(evalArgs(a)).replace(/%20/g, '+').replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase())),
    eq: fn('any ...any', goEq),
    ne: fn('any any', (a: Value, b: Value) => !goEq(a, b)),
    lt: fn('any any', goLt),
    le: fn('any any', (a: Value, b: Value) => goLt(a, b) || goEq(a, b)),
    gt: fn('any any', (a: Value, b: Value) => !goLt(a, b) && !goEq(a, b)),
    ge: fn('any any', (a: Value, b: Value) => !goLt(a, b)),
    call: fn('any ...any', () => { throw new GoError('call is not supported: Palisade does not run functions from values'); }),
  };
}

export type { Dict };
