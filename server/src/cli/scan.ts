/**
 * The CLI's scan of many files in bounded memory: results are handed out one file at a time.
 *
 * Pass 1 reads each YAML input and keeps only a compact copy of its Kubernetes objects (see
 * yaml/compact.ts): Namespace objects anywhere decide the Pod Security level of their namespace, and
 * the cross-resource rules see every object of every input. Pass 2 analyses each input in turn with
 * those settings, adds its cross-resource findings and hands the result to `sink` before the next
 * input is read; nothing of it is kept. The findings are those of `scanTexts` over all inputs at once
 * (a test compares them), in the order of `inputs`.
 *
 * Files are read in each pass (a file is not held between them); inputs read once before (standard
 * input, FIFOs) carry their `text`.
 */
import { Analyzer, fileKindOf, namespaceLevels } from '../engine/analyze';
import { crossResourceFindings, mergeFindings, readsText, WorkspaceFile } from '../engine/scan';
import { splitDocuments } from '../engine/yaml/split';
import { parseChunk } from '../engine/yaml/parse';
import { compactModel } from '../engine/yaml/compact';
import { objectsOf, K8sObject } from '../engine/k8s/model';
import { LineIndex } from '../engine/text';
import type { Settings } from '../engine/settings';
import type { FileResult } from '../engine/types';
import type { ReadResult } from '../workspace/read';
import { collectDropped } from './memory';

/** One input of the scan: a file (`path`), a stream read before (`text`), or an error (not read). */
export interface ScanInput {
  /** The name in the report. */
  file: string;
  path?: string;
  text?: string;
  /** Why it was not read (the report gives it as the file's error). */
  error?: string;
  /** The kind of a stream (from `--stdin-filename`): `dockerfile`, `yaml`, `json`. */
  languageId?: string;
}

const ZERO = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/** The compact copies of the Kubernetes objects of a YAML text, as the analyzer would list them. */
export function compactObjects(text: string): K8sObject[] {
  const out: K8sObject[] = [];
  splitDocuments(text).forEach((chunk, i) => {
    const model = parseChunk(chunk, i);
    if (model.skipped) return;
    model.pd.offset = chunk.offset;
    for (const o of objectsOf(compactModel(model))) out.push(o);
  });
  return out;
}

/** The settings of the scan with the Namespace levels of the inputs, as `scanTexts` derives them. */
export function withNamespaces(settings: Settings, objects: K8sObject[]): Settings {
  const ns = namespaceLevels(objects);
  if (!Object.keys(ns).some((k) => !Object.prototype.hasOwnProperty.call(settings.namespaces, k))) return settings;
  return { ...settings, namespaces: { ...ns, ...settings.namespaces } };
}

export interface StreamScan {
  /** Inputs analysed (read and checked, fully or not). */
  scanned: number;
  /** The settings the inputs were checked under (the Namespace levels of the inputs added). */
  settings: Settings;
}

export function streamScan(inputs: ScanInput[], settings: Settings, read: (p: string) => ReadResult, sink: (r: FileResult) => void): StreamScan {
  const textOf = (i: ScanInput): ReadResult => (i.error !== undefined ? { error: i.error } : i.text !== undefined ? { text: i.text } : read(i.path!));
  const isYaml = (i: ScanInput) => fileKindOf(i.file, i.languageId) !== 'dockerfile';
  // pass 1: the objects of every YAML input, as compact copies
  const ws: WorkspaceFile[] = [];
  const all: K8sObject[] = [];
  for (const input of inputs) {
    if (!isYaml(input)) continue;
    const { text } = textOf(input);
    if (text === undefined) continue;
    const objects = compactObjects(text);
    if (!objects.length && !readsText(input.file, text)) continue;
    for (const o of objects) all.push(o);
    ws.push({ file: input.file, text, lines: new LineIndex(text), objects });
  }
  const effective = withNamespaces(settings, all);
  all.length = 0;
  const cross = crossResourceFindings(ws, effective);
  const held = ws.length > 0;
  ws.length = 0;
  // the model, most of the heap, is garbage now: collected before pass 2 sizes the heap from what
  // pass 2 keeps, not from the model (./memory.ts)
  const collected = held ? collectDropped() : undefined;
  // pass 2: each input analysed and handed out in turn
  let scanned = 0;
  for (const input of inputs) {
    collected?.();
    const { text, error } = textOf(input);
    if (text === undefined) { sink({ file: input.file, findings: [], errors: [{ message: error ?? 'cannot read', range: ZERO }] }); continue; }
    scanned++;
    const r = new Analyzer().analyze(input.file, text, { settings: effective, languageId: input.languageId });
    sink(mergeFindings(r, cross.get(input.file)));
  }
  return { scanned, settings: effective };
}
