/**
 * A small POSIX-shell lexer for RUN commands: splits a command line into simple commands and their
 * words (quotes removed, exact file offsets kept), so that rules look at what a command does rather
 * than at substrings (`grep -- --insecure` is not curl --insecure).
 */
import type { Loc } from '../types';

export interface Word {
  /** The word with quotes and escapes removed. */
  value: string;
  /** The word as written. */
  raw: string;
  loc: Loc;
}

export interface ShellCommand {
  /** All words of the simple command (assignments, name, arguments); redirections removed. */
  words: Word[];
  /** The operator that ends the command: '|', '&&', '||', ';', '&', '\n' or '' at the end. */
  op: string;
  /** The operator before the command ('' for the first). */
  prevOp: string;
}

const KEYWORDS = new Set(['if', 'then', 'else', 'elif', 'fi', 'do', 'done', 'while', 'until', '!', '{', '}', 'time']);
/** Characters that end a word or change how it is read. */
const SPECIAL = new Set([' ', '\t', '\n', '\r', ';', '|', '&', '<', '>', '(', ')', '\\', "'", '"', '`']);
const WRAPPERS = new Set(['sudo', 'env', 'exec', 'nohup', 'command', 'nice', 'xargs', 'doas', 'su-exec', 'gosu', 'timeout', 'stdbuf', 'chroot']);

/**
 * Lexes `text` (map[i] = file offset of text[i], map[text.length] = end offset).
 * Never throws; unterminated quotes run to the end of the text.
 */
export function lexShell(text: string, map: number[]): ShellCommand[] {
  const cmds: ShellCommand[] = [];
  let words: Word[] = [];
  let prevOp = '';
  let redirectNext = false;
  const n = text.length;
  let i = 0;
  const end = (op: string) => {
    if (words.length || op !== '\n') {
      if (words.length) cmds.push({ words, op, prevOp });
      else if (cmds.length && op !== '\n') cmds[cmds.length - 1].op = cmds[cmds.length - 1].op || op;
    }
    words = [];
    prevOp = op;
    redirectNext = false;
  };
  const at = (k: number) => map[Math.min(k, map.length - 1)] ?? 0;
  while (i < n) {
    const c = text[i];
    if (c === ' ' || c === '\t') { i++; continue; }
    if (c === '\n' || c === '\r') { end('\n'); i++; continue; }
    if (c === '#') { while (i < n && text[i] !== '\n') i++; continue; }
    if (c === ';') { end(text[i + 1] === ';' ? ';;' : ';'); i += text[i + 1] === ';' ? 2 : 1; continue; }
    if (c === '&' && text[i + 1] === '&') { end('&&'); i += 2; continue; }
    if (c === '|' && text[i + 1] === '|') { end('||'); i += 2; continue; }
    if (c === '|') { end(text[i + 1] === '&' ? '|&' : '|'); i += text[i + 1] === '&' ? 2 : 1; continue; }
    if (c === '&' && text[i + 1] !== '>') { end('&'); i++; continue; }
    if (c === '(' || c === ')') { end(c); i++; continue; }
    if (c === '>' || c === '<' || (c === '&' && text[i + 1] === '>')) {
      // redirection: drop a preceding fd number, the operator and its target word
      const last = words[words.length - 1];
      if (last && /^\d+$/.test(last.raw) && last.loc[1] === at(i)) words.pop();
      if (text.startsWith('<<<', i)) i += 3;
      else if (text.startsWith('<<-', i)) i += 3;
      else if (text.startsWith('<<', i) || text.startsWith('>>', i) || text.startsWith('&>', i) || text.startsWith('>&', i) || text.startsWith('<&', i) || text.startsWith('>|', i) || text.startsWith('<>', i)) i += 2;
      else i += 1;
      if (text[i] === '>' ) i++;
      if (/[0-9-]/.test(text[i] ?? '') && /[&]$/.test(text.slice(0, i))) { while (i < n && /[0-9-]/.test(text[i])) i++; continue; }
      redirectNext = true;
      continue;
    }
    // a word
    const start = i;
    let value = '';
    while (i < n) {
      const d = text[i];
      if (d === ' ' || d === '\t' || d === '\n' || d === '\r' || d === ';' || d === '|' || d === '&' || d === '<' || d === '>' || d === '(' || d === ')') {
        // `$(` and `<(` are part of the word
        if (d === '(' && value.endsWith('$')) { const e = matchParen(text, i); value += text.slice(i, e); i = e; continue; }
        break;
      }
      if (d === '\\') { if (i + 1 < n) { if (text[i + 1] !== '\n') value += text[i + 1]; i += 2; } else i++; continue; }
      if (d === "'") {
        const e = text.indexOf("'", i + 1);
        const stop = e < 0 ? n : e;
        value += text.slice(i + 1, stop);
        i = stop + 1;
        continue;
      }
      if (d === '"') {
        i++;
        while (i < n && text[i] !== '"') {
          if (text[i] === '\\' && i + 1 < n && '"\\$`\n'.includes(text[i + 1])) { if (text[i + 1] !== '\n') value += text[i + 1]; i += 2; continue; }
          if (text[i] === '$' && text[i + 1] === '(') { const e = matchParen(text, i + 1); value += text.slice(i, e); i = e; continue; }
          value += text[i];
          i++;
        }
        i++;
        continue;
      }
      if (d === '`') {
        const e = text.indexOf('`', i + 1);
        const stop = e < 0 ? n : e + 1;
        value += text.slice(i, stop);
        i = stop;
        continue;
      }
      // a run of ordinary characters at once (char-by-char concatenation is slow on megabyte words)
      let k = i + 1;
      while (k < n && !SPECIAL.has(text[k])) k++;
      value += text.slice(i, k);
      i = k;
    }
    i = Math.min(i, n);
    if (i === start) { i++; continue; }
    const w: Word = { value, raw: text.slice(start, i), loc: [at(start), at(i - 1) + 1] };
    if (redirectNext) { redirectNext = false; continue; }
    words.push(w);
  }
  end('');
  return cmds;
}

function matchParen(text: string, open: number): number {
  let depth = 0;
  for (let k = open; k < text.length; k++) {
    if (text[k] === '(') depth++;
    else if (text[k] === ')') { depth--; if (depth === 0) return k + 1; }
  }
  return text.length;
}

export function isAssignment(w: Word): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*=/.test(w.value) && /^[A-Za-z_][A-Za-z0-9_]*=/.test(w.raw);
}

export interface CommandView {
  /** Leading VAR=value words. */
  assigns: Word[];
  /** The command word after keywords and assignments (sudo, env, ... are not stripped). */
  name: Word | undefined;
  args: Word[];
  cmd: ShellCommand;
}

/** The command without shell keywords and leading assignments. */
export function view(cmd: ShellCommand): CommandView {
  const ws = cmd.words;
  let k = 0;
  while (k < ws.length && KEYWORDS.has(ws[k].value) && ws[k].raw === ws[k].value) k++;
  const assigns: Word[] = [];
  while (k < ws.length && isAssignment(ws[k])) assigns.push(ws[k++]);
  return { assigns, name: ws[k], args: ws.slice(k + 1), cmd };
}

/** The command that actually runs: wrappers such as sudo, env, exec, nohup are skipped. */
export function effective(cmd: ShellCommand): CommandView {
  const v = view(cmd);
  let name = v.name;
  let args = v.args;
  const assigns = [...v.assigns];
  let guard = 0;
  while (name && WRAPPERS.has(basename(name.value)) && guard++ < 5) {
    const w = basename(name.value);
    let k = 0;
    while (k < args.length) {
      const a = args[k];
      if (isAssignment(a)) { assigns.push(a); k++; continue; }
      if (a.value.startsWith('-')) {
        k++;
        if (w === 'sudo' && /^-[ugCDhpRrTU]$/.test(a.value)) k++;
        if (w === 'timeout' && /^-[sk]$/.test(a.value)) k++;
        if (w === 'nice' && a.value === '-n') k++;
        continue;
      }
      if (w === 'timeout' && /^\d/.test(a.value)) { k++; continue; }
      if ((w === 'gosu' || w === 'su-exec' || w === 'chroot') && k === 0) { k++; continue; }
      break;
    }
    name = args[k];
    args = args.slice(k + 1);
  }
  return { assigns, name, args, cmd };
}

export function basename(s: string): string {
  const i = s.lastIndexOf('/');
  return i >= 0 ? s.slice(i + 1) : s;
}

/** The words of a command that are not options (and not option values for options in `withValue`). */
export function operands(args: Word[], withValue: Set<string> = new Set()): Word[] {
  const out: Word[] = [];
  for (let k = 0; k < args.length; k++) {
    const a = args[k].value;
    if (a === '--') { for (let j = k + 1; j < args.length; j++) out.push(args[j]); break; }
    if (a.startsWith('-') && a !== '-') {
      if (withValue.has(a)) k++;
      continue;
    }
    out.push(args[k]);
  }
  return out;
}
