/**
 * Findings on what a kustomization builds, reported where it came from: the objects `kustomize build` produces are
 * analysed (with the cross-resource rules over the whole set), and each finding is moved to the line that caused it:
 * the patch line for a value a patch set, the `images:`/`replicas:` entry for a value they set, otherwise the base
 * resource line (for a field a transformer added, the nearest enclosing field written in a file). Fixes are dropped:
 * their edits are for the built text, not for the files. A kustomization that cannot be built, and every part of it
 * that is not analysed (remote bases, charts that cannot be rendered), is an error on the kustomization file.
 */
import { parseDocument, isMap as isYamlMap, isSeq as isYamlSeq, isScalar, isPair, Node } from 'yaml';
import { kustomizeBuild, KustomizeHost, BuildOptions, BuildResult, KUSTOMIZATION_FILE_NAMES } from './build';
import { KustomizeError, Resource } from './resource';
import { locate, SrcLoc } from './prov';
import { toYamlV2 } from './yamlOut';
import { scanTexts } from '../scan';
import { LineIndex } from '../text';
import type { Settings } from '../settings';
import type { FileResult, Finding, Range, AnalysisError } from '../types';
import * as P from './paths';

export interface KustomizationAnalysis {
  /** Findings and errors per source file (the kustomization file carries build errors and parts not analysed). */
  results: FileResult[];
  /** Every file the build read: they belong to the kustomization and are not scanned as loose files. */
  files: string[];
  /** The kustomization file. */
  kustomization: string;
}

const ZERO: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

export function kustomizationFile(host: KustomizeHost, dir: string): string {
  return KUSTOMIZATION_FILE_NAMES.map((n) => P.join(dir, n)).find((f) => host.readFile(f) !== undefined) ?? P.join(dir, 'kustomization.yaml');
}

/** The path (keys and indices) of the deepest node of `doc` at `offset`, and whether the offset is on a key. */
function pathAt(text: string, offset: number): { path: (string | number)[]; onKey: boolean } {
  const doc = parseDocument(text, { version: '1.2', uniqueKeys: false });
  const path: (string | number)[] = [];
  let onKey = false;
  let node = doc.contents as Node | null;
  const inside = (n: Node | null | undefined) => !!n && !!n.range && offset >= n.range[0] && offset < Math.max(n.range[1], n.range[0] + 1);
  for (let depth = 0; node && depth < 200; depth++) {
    if (isYamlMap(node)) {
      let next: Node | null = null;
      for (const pair of node.items) {
        if (!isPair(pair) || !isScalar(pair.key)) continue;
        const k = pair.key as Node, v = pair.value as Node | null;
        if (inside(k)) { path.push(String((pair.key as { value: unknown }).value)); onKey = true; return { path, onKey }; }
        if (inside(v)) { path.push(String((pair.key as { value: unknown }).value)); next = v; break; }
      }
      if (!next) break;
      node = next;
    } else if (isYamlSeq(node)) {
      const i = node.items.findIndex((it) => inside(it as Node));
      if (i < 0) break;
      path.push(i);
      node = node.items[i] as Node;
    } else break;
  }
  return { path, onKey };
}

function rangeIn(texts: Map<string, LineIndex>, host: KustomizeHost, loc: SrcLoc): Range {
  let li = texts.get(loc.file);
  if (!li) { li = new LineIndex(host.readFile(loc.file) ?? ''); texts.set(loc.file, li); }
  return { start: li.position(loc.start), end: li.position(loc.end) };
}

/**
 * Builds the kustomization in `dir` and analyses what it produces. `display` turns an absolute path into the name
 * the report uses.
 */
export function analyzeKustomization(host: KustomizeHost, dir: string, settings: Settings, opts: BuildOptions & { display?: (abs: string) => string } = {}): KustomizationAnalysis {
  const display = opts.display ?? ((p: string) => p);
  const kfile = kustomizationFile(host, dir);
  let build: BuildResult;
  try {
    build = kustomizeBuild(host, dir, { ...opts, reorder: opts.reorder ?? 'legacy' });
  } catch (e) {
    // a builder defect is reported the same way: nothing this kustomization produces was checked
    const why = e instanceof KustomizeError ? e.message : `internal error: ${(e as Error)?.message ?? String(e)}`;
    const error: AnalysisError = { message: `The kustomization could not be built, so nothing it produces was checked: ${why}`, range: ZERO };
    return { results: [{ file: display(kfile), findings: [], errors: [error] }], files: [kfile], kustomization: kfile };
  }
  const byFile = new Map<string, FileResult>();
  const result = (abs: string) => {
    const name = display(abs);
    if (!byFile.has(name)) byFile.set(name, { file: name, findings: [], errors: [] });
    return byFile.get(name)!;
  };
  const kres = result(kfile);
  for (const n of build.notAnalysed) {
    kres.errors.push({ message: `Not analysed: ${n.message}`, range: ZERO });
  }
  // Analyse the built objects as one file (so that the cross-resource rules see them together).
  const docs = build.resources.map((r) => toYamlV2(r.obj));
  const virtual = `${display(kfile)} (built)`;
  let text = '';
  const starts: number[] = [];
  for (const d of docs) { starts.push(text.length); text += (text ? '---\n' : '') + d; }
  const docStart = (i: number) => starts[i] + (i > 0 ? 4 : 0);
  const [analysed] = scanTexts([{ file: virtual, text }], settings);
  const lines = new LineIndex(text);
  const texts = new Map<string, LineIndex>([...build.files].map(([f, t]) => [f, new LineIndex(t)]));
  for (const err of analysed.errors) kres.errors.push({ message: `In the objects the kustomization builds: ${err.message}`, range: ZERO });
  const seen = new Set<string>();
  for (const f of analysed.findings) {
    const off = lines.offset(f.range.start);
    let i = starts.length - 1;
    while (i > 0 && docStart(i) > off) i--;
    const res: Resource | undefined = build.resources[i];
    if (!res) continue;
    const { path, onKey } = pathAt(docs[i], off - docStart(i));
    const { loc } = locate(res.obj, path);
    // On a key, the key's line, unless the value was set elsewhere (a patch, an `images:` entry): then that line.
    const src = onKey && loc?.key && (!loc.value || loc.value.file === loc.key.file) ? loc.key : loc?.value ?? loc?.key;
    const target = src ?? { file: res.provenance.file, start: 0, end: 0 };
    const range = src ? rangeIn(texts, host, src) : ZERO;
    const moved: Finding = {
      ...f, range, fixes: [],
      related: [...(f.related ?? []), { file: display(kfile), range: ZERO, message: `in ${res.kind} ${res.namespace ? res.namespace + '/' : ''}${res.name}, as the kustomization ${display(kfile)} builds it` }],
    };
    if (f.parts) moved.parts = f.parts.map((p) => ({ ...p, range, fixes: [] }));
    const key = `${target.file}|${range.start.line}|${range.start.character}|${f.ruleId}|${f.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    result(target.file).findings.push(moved);
  }
  const results = [...byFile.values()].map((r) => ({ ...r, findings: r.findings.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character) }));
  return { results, files: [...build.files.keys()], kustomization: kfile };
}
