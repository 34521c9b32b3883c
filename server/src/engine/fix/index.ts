/**
 * The fix library used by rule authors. Every function takes the file text (`ctx.text`) and views
 * from the rule's object, and returns absolute offset edits (analyze.ts shifts them per document),
 * or `undefined` when no safe edit exists (the value comes through an alias or merge key that other
 * objects share, or an unusual layout): the rule then offers no fix rather than a damaging one.
 *
 *   fixes: fix.unsafe('Set allowPrivilegeEscalation: false', fix.setPath(ctx.text, sc, ['allowPrivilegeEscalation'], false))
 */
import type { Applicability, FixDef, OffsetEdit } from '../types';
import type { YView } from '../yaml/nodes';
import { YamlEditor, Scalarish, Value } from './yamlEdit';

export { YamlEditor } from './yamlEdit';
export type { Scalarish, Value, Raw } from './yamlEdit';

/** A verbatim value, for snippet placeholders in display-only fixes. */
export const raw = (text: string) => ({ raw: text });

/** Set (or create) `path` under the map `view`; `[]` when it already has that value. */
export function setPath(text: string, view: YView, path: string[], value: Value): OffsetEdit[] | undefined {
  if (!view.exists) return undefined;
  return YamlEditor.of(text, view).setPath(view, path, value);
}

/** Make sure the sequence at `path` under `view` contains `value` (merging into an existing list). */
export function ensureInSeq(text: string, view: YView, path: string[], value: Scalarish): OffsetEdit[] | undefined {
  if (!view.exists) return undefined;
  const ed = YamlEditor.of(text, view);
  const target = view.at(...path);
  if (target.isSeq) return target.strings().includes(String(value)) ? [] : ed.addToSeq(target, value);
  if (target.exists && !target.isNull && !target.isSeq) {
    // a scalar where a list belongs (`drop: ALL`): replace it by a list holding both
    const s = target.str;
    return s === undefined ? undefined : ed.setScalarRaw(target, [s, value]);
  }
  return ed.setPath(view, path, [value]);
}

export function setScalar(text: string, view: YView, value: Scalarish): OffsetEdit[] | undefined {
  if (!view.exists) return undefined;
  return YamlEditor.of(text, view).setScalar(view, value);
}

export function removePair(text: string, view: YView): OffsetEdit[] | undefined {
  if (!view.pair) return undefined;
  return YamlEditor.of(text, view).removePair(view);
}

export function removeItems(text: string, seq: YView, indices: number[]): OffsetEdit[] | undefined {
  if (!seq.isSeq) return undefined;
  return YamlEditor.of(text, seq).removeItems(seq, indices);
}

export function replacePair(text: string, view: YView, key: string, flowText: string): OffsetEdit[] | undefined {
  if (!view.pair) return undefined;
  return YamlEditor.of(text, view).replacePair(view, key, flowText);
}

/** A fix definition, or nothing when the edits could not be computed (or there is nothing to do). */
export function make(title: string, applicability: Applicability, edits: OffsetEdit[] | undefined, snippet?: boolean): FixDef[] {
  if (!edits || !edits.length) return [];
  const f: FixDef = { title, applicability, edits };
  if (snippet) f.snippet = true;
  return [f];
}
export const safe = (title: string, edits: OffsetEdit[] | undefined) => make(title, 'safe', edits);
export const unsafe = (title: string, edits: OffsetEdit[] | undefined) => make(title, 'unsafe', edits);
/** A display-only fix: newText in snippet syntax (`${1:placeholder}`), never applied automatically. */
export const displayOnly = (title: string, edits: OffsetEdit[] | undefined) => make(title, 'display-only', edits, true);
