/**
 * Engine results to LSP diagnostics. A diagnostic's `data` holds what finds its finding again: the
 * rule id and a key unique in this server. The fixes stay on the server (`fixesOf`) and code actions
 * look them up in the latest analysis; `data` does not summarise them, as no client reads it (the
 * protocol only hands it back) and the summary was a tenth of every publish.
 *
 * A finding the engine reuses (its document did not change and did not move) keeps its diagnostic
 * object (frozen), and the stdio encoder caches that object's JSON (./encode), so a publish after an
 * edit encodes only the diagnostics that changed.
 */
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { Diagnostic, DiagnosticSeverity, DiagnosticRelatedInformation } from 'vscode-languageserver/node';
import type { FileResult, Finding, Severity, Fix } from '../engine/types';
import { ruleDocUrl } from '../engine/version';
import { presentFindings } from '../engine/present';
import { RunMap, runsOf } from '../engine/runs';
import type { Profile } from '../engine/profiles';

export interface DiagnosticData {
  ruleId: string;
  /** Unique in this server process: names this diagnostic in the server's latest analysis. */
  key: number;
}

/** The fixes of a diagnostic this server produced (held here, never serialised). */
const fixesByDiagnostic = new WeakMap<Diagnostic, Fix[]>();
export function fixesOf(d: Diagnostic): Fix[] | undefined { return fixesByDiagnostic.get(d); }
/** The finding a diagnostic of this server shows (a merged one holds its parts). */
const findingByDiagnostic = new WeakMap<Diagnostic, Finding>();
export function findingOf(d: Diagnostic): Finding | undefined { return findingByDiagnostic.get(d); }
/** The diagnostic made for a finding object (findings are immutable; the engine reuses unchanged ones). */
const diagnosticByFinding = new WeakMap<Finding, Diagnostic>();
let nextKey = 1;

const SEVERITY: Record<Severity, DiagnosticSeverity> = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, info: DiagnosticSeverity.Information };

let docsDir: string | undefined | null = null;
/**
 * Per rule id, its page as a (frozen) codeDescription, shared by its diagnostics: the docs ship with
 * the extension, so they are looked up once, not per diagnostic.
 */
const codeDescriptions = new Map<string, { href: string }>();
function codeDescriptionOf(ruleId: string): { href: string } {
  let c = codeDescriptions.get(ruleId);
  if (!c) { c = Object.freeze({ href: findDocHref(ruleId) }); codeDescriptions.set(ruleId, c); }
  return c;
}
/** The rule's page: the bundled docs when present (works offline), else the public URL. */
export function docHref(ruleId: string): string { return codeDescriptionOf(ruleId).href; }

function findDocHref(ruleId: string): string {
  if (docsDir === null) {
    const candidates = [path.join(__dirname, '..', 'docs', 'rules'), path.join(__dirname, '..', '..', '..', 'docs', 'rules')];
    docsDir = candidates.find((d) => fs.existsSync(d));
  }
  if (docsDir) {
    const f = path.join(docsDir, `${ruleId}.md`);
    if (fs.existsSync(f)) return pathToFileURL(f).toString();
  }
  return ruleDocUrl(ruleId);
}

export function toDiagnostic(f: Finding, uriOf: (file: string) => string = (x) => x): Diagnostic {
  const cached = diagnosticByFinding.get(f);
  if (cached) return cached;
  const data: DiagnosticData = { ruleId: f.ruleId, key: nextKey++ };
  const d: Diagnostic = {
    range: f.range,
    severity: SEVERITY[f.severity],
    code: f.ruleId,
    codeDescription: codeDescriptionOf(f.ruleId),
    source: 'palisade',
    message: f.message,
    data,
  };
  fixesByDiagnostic.set(d, f.fixes);
  findingByDiagnostic.set(d, f);
  if (f.related?.length) d.relatedInformation = f.related.map((r) => DiagnosticRelatedInformation.create({ uri: uriOf(r.file), range: r.range }, r.message));
  diagnosticByFinding.set(f, d);
  return Object.freeze(d);
}

/**
 * A document's diagnostics under a profile, per array of its findings (FileResult.runs): a document
 * that did not change or move keeps its findings array, so a keystroke in a large file presents and
 * converts the edited document's findings only; the documents at the same place as in the file's
 * last diagnostics (before the edit, or moved by it) are not even visited (RunMap).
 */
const runDiagnostics = new WeakMap<Finding[], { profile: Profile | undefined; diagnostics: Diagnostic[] }>();
const lastRuns = new RunMap<Finding[], Diagnostic>();

/** The diagnostics of a file result; under the default profile, findings on one spot are merged (engine/present.ts). */
export function toDiagnostics(r: FileResult, profile?: Profile, uriOf: (file: string) => string = (f) => f): Diagnostic[] {
  const out: Diagnostic[] = r.errors.map((e): Diagnostic => ({ range: e.range, severity: DiagnosticSeverity.Error, source: 'palisade', code: 'syntax', message: e.message }));
  const runs = runsOf(r);
  if (!runs) {
    for (const f of presentFindings(r.file, r.findings, profile)) out.push(toDiagnostic(f, uriOf));
    return out;
  }
  // per document: findings on one spot are always of one document (runs start on their own lines)
  const { flat } = lastRuns.map(`${profile}\u0000${r.file}`, runs, (run) => {
    let hit = runDiagnostics.get(run);
    if (!hit || hit.profile !== profile) {
      hit = { profile, diagnostics: presentFindings(r.file, run, profile).map((f) => toDiagnostic(f, uriOf)) };
      runDiagnostics.set(run, hit);
    }
    return hit.diagnostics;
  });
  return out.length ? out.concat(flat) : flat.slice();
}
