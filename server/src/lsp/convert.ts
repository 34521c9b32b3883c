/** Engine results to LSP diagnostics; fixes travel in `data` for the code-action layer. */
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { Diagnostic, DiagnosticSeverity, DiagnosticRelatedInformation } from 'vscode-languageserver/node';
import type { FileResult, Finding, Severity, Fix, ResourceRef } from '../engine/types';
import { ruleDocUrl } from '../engine/version';

export interface DiagnosticData {
  ruleId: string;
  name: string;
  fixes: Fix[];
  resource: ResourceRef | null;
  version: number;
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, info: DiagnosticSeverity.Information };

let docsDir: string | undefined | null = null;
/** docHref per rule id: the docs ship with the extension, so they are looked up once, not per diagnostic. */
const hrefs = new Map<string, string>();
/** The rule's page: the bundled docs when present (works offline), else the public URL. */
export function docHref(ruleId: string): string {
  let h = hrefs.get(ruleId);
  if (h === undefined) { h = findDocHref(ruleId); hrefs.set(ruleId, h); }
  return h;
}

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

export function toDiagnostic(f: Finding, version: number, uriOf: (file: string) => string): Diagnostic {
  const data: DiagnosticData = { ruleId: f.ruleId, name: f.name, fixes: f.fixes, resource: f.resource, version };
  const d: Diagnostic = {
    range: f.range,
    severity: SEVERITY[f.severity],
    code: f.ruleId,
    codeDescription: { href: docHref(f.ruleId) },
    source: 'palisade',
    message: f.message,
    data,
  };
  if (f.related?.length) d.relatedInformation = f.related.map((r) => DiagnosticRelatedInformation.create({ uri: uriOf(r.file), range: r.range }, r.message));
  return d;
}

export function toDiagnostics(r: FileResult, version: number, uriOf: (file: string) => string = (f) => f): Diagnostic[] {
  return [
    ...r.errors.map((e): Diagnostic => ({ range: e.range, severity: DiagnosticSeverity.Error, source: 'palisade', code: 'syntax', message: e.message })),
    ...r.findings.map((f) => toDiagnostic(f, version, uriOf)),
  ];
}
