/**
 * Quick fixes for control-plane flags: set a flag to its safe value, add or remove an item of a
 * comma-list flag (admission plugins, authorization modes), remove a flag. The edit keeps the form
 * the file uses: inside the `--flag=value` item, in the separate value item of `--flag value`,
 * inside a shell string, or in an `ETCD_*` variable; a missing flag becomes a new item of the
 * `args` (else `command`) list in that list's style, only when the flags are list items (not words
 * of a shell script, where a new item would be an argument of the shell). Every fix is `unsafe`:
 * changing a control-plane flag changes how the component behaves. No fix when the text of the
 * value is not found verbatim (escapes) or a comma would split a plain flow-sequence item.
 */
import type { RuleContext } from '../../rule';
import type { FixDef, OffsetEdit } from '../../types';
import * as fix from '../../fix';
import { isSeq, isScalar, type Scalar, type YAMLSeq } from 'yaml';
import type { Component, Flag, TokenSource } from './flags';
import { flag } from './flags';

/** Edits that set the last occurrence of `--name` (or add it) so that its value is `value`. */
export function setFlagEdits(c: Component, ctx: RuleContext, name: string, value: string): OffsetEdit[] | undefined {
  const f = flag(c, name);
  return f ? replaceValue(f, ctx.text, value) : addFlag(c, ctx, `--${name}=${value}`);
}

/** The fix that sets `--name=value` (title: `Set --name=value`). */
export function setFlagFix(c: Component, ctx: RuleContext, name: string, value: string): FixDef[] {
  return fix.unsafe(`Set --${name}=${value}`, setFlagEdits(c, ctx, name, value));
}

/** A new `--name=value` item at the end of `args` (or of `command` when the flags are there), in the list's style. */
export function addFlag(c: Component, ctx: RuleContext, item: string): OffsetEdit[] | undefined {
  if (!c.itemized) return undefined;
  const seq = c.args.isSeq && c.args.items().length ? c.args : c.command.isSeq && c.command.items().length ? c.command : undefined;
  if (!seq) return undefined;
  // written like the list's last item: plain after a plain item (`- --flag=value`, a plain scalar may
  // start with `--`), else in its quotes; a comma would split a plain item of a flow sequence
  const node = seq.node as YAMLSeq;
  const last = node.items[node.items.length - 1];
  const plain = isScalar(last) && (last as Scalar).type === 'PLAIN' && (node.flow ? /^[\w./=:@+-]+$/ : /^[\w./=:,@+-]+$/).test(item);
  return fix.YamlEditor.of(ctx.text, seq).addToSeq(seq, plain ? fix.raw(item) : item);
}

/** Where the value of a flag is written: [start, end) of its text, or the insertion point after a bare `--name`. */
function valueSpan(f: Flag, text: string): [number, number] | undefined {
  if (f.valueLoc) {
    // `--name value` (two items or two words) or an ETCD_* variable: the value's own token
    const raw = text.slice(f.valueLoc[0], f.valueLoc[1]);
    const i = f.value === undefined ? -1 : raw.indexOf(f.value);
    return i < 0 ? undefined : [f.valueLoc[0] + i, f.valueLoc[0] + i + f.value!.length];
  }
  const raw = text.slice(f.loc[0], f.loc[1]);
  const head = `--${f.name}`;
  const h = raw.indexOf(head);
  if (h < 0) return undefined;
  const at = f.loc[0] + h + head.length;
  if (f.value === undefined) return [at, at];
  if (text.slice(at, at + 1 + f.value.length) !== `=${f.value}`) return undefined;
  return [at + 1, at + 1 + f.value.length];
}

/** A comma would end a plain scalar inside a flow sequence (`[--a=b]`). */
function commaUnsafe(src: TokenSource | undefined): boolean {
  if (!src) return false;
  const seq = src.seq.node as YAMLSeq | undefined;
  const item = seq && isSeq(seq) ? seq.items[src.index] : undefined;
  return !!seq?.flow && isScalar(item) && (item as Scalar).type === 'PLAIN';
}

/** Edits that give an existing flag the value `value`. */
export function replaceValue(f: Flag, text: string, value: string): OffsetEdit[] | undefined {
  const span = valueSpan(f, text);
  if (!span) return undefined;
  if (span[0] === span[1]) return [{ start: span[0], end: span[1], newText: `=${value}` }];
  if (text.slice(span[0], span[1]) === value) return [];
  if (value.includes(',') && commaUnsafe(f.valueSrc ?? f.src)) return undefined;
  return [{ start: span[0], end: span[1], newText: value }];
}

/** Edits that append `item` to the comma list of flag `f`. */
export function appendToList(f: Flag, text: string, item: string): OffsetEdit[] | undefined {
  const span = valueSpan(f, text);
  if (!span) return undefined;
  if (commaUnsafe(f.valueSrc ?? f.src)) return undefined;
  if (span[0] === span[1]) return [{ start: span[0], end: span[1], newText: `=${item}` }];
  const cur = text.slice(span[0], span[1]);
  return [{ start: span[1], end: span[1], newText: cur.trim() ? `,${item}` : item }];
}

/** Edits that remove `item` from the comma list of flag `f`; the whole flag when it is the only item. */
export function removeFromList(c: Component, f: Flag, text: string, item: string): OffsetEdit[] | undefined {
  const span = valueSpan(f, text);
  if (!span || span[0] === span[1]) return undefined;
  const parts = text.slice(span[0], span[1]).split(',');
  const keep = parts.filter((p) => p.trim() !== item);
  if (keep.length === parts.length) return undefined;
  if (!keep.some((p) => p.trim())) return removeFlag(c, f, text);
  return [{ start: span[0], end: span[1], newText: keep.join(',') }];
}

/** Edits that remove a flag written as its own list item(s) (`--name=value`, or `--name` and `value`). */
export function removeFlag(_c: Component, f: Flag, text: string): OffsetEdit[] | undefined {
  if (!f.src?.whole || (f.valueLoc && !f.valueSrc?.whole)) return undefined;
  if (f.valueSrc && f.valueSrc.seq.node !== f.src.seq.node) return undefined;
  const indices = [f.src.index, ...(f.valueSrc ? [f.valueSrc.index] : [])];
  return fix.removeItems(text, f.src.seq, indices);
}
