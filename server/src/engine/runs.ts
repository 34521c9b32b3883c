/**
 * Findings per document (FileResult.runs): what lets a keystroke in a large file cost the edited
 * document, not every finding of the file, in each step after the analysis (merging cross-resource
 * findings, presenting, converting). A result's runs are used only while they are its findings: a
 * result copied with other findings (`{ ...res, findings }`, say remapped to a template's lines) or
 * whose findings array grew or shrank since is read as a whole.
 */
import type { FileResult, Finding } from './types';

/** The runs made for a findings array, and its length then. */
const stamps = new WeakMap<Finding[], { runs: Finding[][]; length: number }>();

/** Sets the result's runs (their concatenation must be its findings) and the first line of each document. */
export function withRuns(res: FileResult, runs: Finding[][], runLines: number[]): FileResult {
  stamps.set(res.findings, { runs, length: res.findings.length });
  res.runs = runs;
  res.runLines = runLines;
  return res;
}

/** The result's findings per document, when they are its findings (see above). */
export function runsOf(res: FileResult): Finding[][] | undefined {
  const { runs, runLines, findings } = res;
  if (!runs || !runLines || runLines.length !== runs.length + 1) return undefined;
  const s = stamps.get(findings);
  return s && s.runs === runs && s.length === findings.length ? runs : undefined;
}

/**
 * A function of each run, and the concatenation of its outputs, kept from the last call for the same
 * key (a file): the runs that are the same as the last call's (the same arrays, and `same` says so
 * too, given the last call's `data`), before the changed ones at the same index and after them moved
 * by the change in their number, keep their output, and the concatenation around the changed ones is
 * copied. A keystroke in a large file then neither calls the function for nor visits the other
 * documents. The last 8 keys are kept.
 */
export class RunMap<I, O, D = undefined> {
  private last = new Map<string, { ins: I[]; outs: O[][]; at: number[]; flat: O[]; data: D | undefined }>();

  map(key: string, ins: I[], f: (x: I, i: number) => O[], data?: D, same: (i: number, j: number, last: D | undefined) => boolean = () => true): { outs: O[][]; flat: O[] } {
    const l = this.last.get(key);
    const n = ins.length;
    let p = 0, s = 0;
    if (l) {
      const m = l.ins.length;
      while (p < n && p < m && ins[p] === l.ins[p] && same(p, p, l.data)) p++;
      while (s < n - p && s < m - p && ins[n - 1 - s] === l.ins[m - 1 - s] && same(n - 1 - s, m - 1 - s, l.data)) s++;
    }
    const outs: O[][] = l ? l.outs.slice(0, p) : [];
    const at: number[] = l ? l.at.slice(0, p + 1) : [0];
    let flat: O[] = l ? l.flat.slice(0, l.at[p]) : [];
    for (let i = p; i < n - s; i++) {
      const o = f(ins[i], i);
      outs.push(o);
      for (const x of o) flat.push(x);
      at.push(flat.length);
    }
    if (l && s) {
      const from = l.ins.length - s, d = flat.length - l.at[from];
      for (let j = from; j < l.ins.length; j++) { outs.push(l.outs[j]); at.push(l.at[j + 1] + d); }
      flat = flat.concat(l.flat.slice(l.at[from]));
    }
    this.last.delete(key);
    this.last.set(key, { ins, outs, at, flat, data });
    if (this.last.size > 8) this.last.delete(this.last.keys().next().value!);
    return { outs, flat };
  }
}
