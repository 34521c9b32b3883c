/**
 * Kustomize overlays in the editor (issue 21): a document in a folder holding a kustomization (or
 * below one) builds that kustomization as `kustomize build` does, from the files on disk with every
 * open document's unsaved text in their place (cli/kustomize.ts diskHost), analyses what it produces
 * and publishes the findings where they came from: the base resource line, the patch line for a
 * value a patch set, the kustomization's entry for what it set (engine/kustomize/analyze.ts). The
 * files the build read are not analysed as loose files (a patch is never analysed as an object). A
 * kustomization that cannot be built, or a remote base, is an error on the kustomization file and on
 * the document being edited.
 */
import * as fs from 'fs';
import * as path from 'path';
import { fileURLToPath, pathToFileURL } from 'url';
import type { Diagnostic } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { diskHost, localHelmCharts } from '../cli/kustomize';
import { analyzeKustomization } from '../engine/kustomize/analyze';
import { KUSTOMIZATION_FILE_NAMES } from '../engine/kustomize/build';
import type { Settings } from '../engine/settings';
import { toDiagnostics } from './convert';

const toPosix = (p: string) => p.split(path.sep).join('/');

/** The nearest folder at or above the document's folder holding a kustomization file, within `roots` when given. */
export function kustomizationDirOf(file: string, roots: readonly string[] = []): string | undefined {
  const stop = roots.map((r) => path.resolve(r));
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    if (KUSTOMIZATION_FILE_NAMES.some((n) => fs.existsSync(path.join(dir, n)))) return dir;
    if (stop.includes(dir) || path.dirname(dir) === dir) return undefined;
  }
}

interface Conn { sendDiagnostics(p: { uri: string; diagnostics: Diagnostic[] }): void }

export class KustomizationPublisher {
  private published = new Map<string, Set<string>>();
  constructor(private readonly conn: Conn, private readonly openDocs: () => TextDocument[]) {}

  /**
   * The document's diagnostics when it belongs to the kustomization in `dir` (undefined when the build
   * did not read it: it is analysed as a loose file); the kustomization's other files are published.
   */
  diagnosticsFor(doc: TextDocument, dir: string, settings: Settings, normal: () => Diagnostic[]): Diagnostic[] {
    const overlay = new Map<string, string>();
    for (const d of this.openDocs()) {
      if (!d.uri.startsWith('file:')) continue;
      try { overlay.set(toPosix(fileURLToPath(d.uri)), d.getText()); } catch { /* not a file path */ }
    }
    const a = analyzeKustomization(diskHost(overlay), toPosix(dir), settings, { helm: localHelmCharts });
    const file = toPosix(fileURLToPath(doc.uri));
    const read = new Set(a.files.map((f) => toPosix(path.resolve(f))));
    const byUri = new Map<string, Diagnostic[]>();
    for (const r of a.results) {
      const uri = pathToFileURL(path.resolve(r.file)).toString();
      byUri.set(uri, [...(byUri.get(uri) ?? []), ...toDiagnostics({ ...r, file: uri }, settings.profile)]);
    }
    const kUri = pathToFileURL(path.resolve(a.kustomization)).toString();
    const before = this.published.get(dir) ?? new Set<string>();
    const now = new Set<string>();
    for (const [uri, diags] of byUri) {
      if (uri === doc.uri) continue;
      now.add(uri);
      this.conn.sendDiagnostics({ uri, diagnostics: diags });
    }
    // the files the build read that no longer have findings are cleared
    for (const f of read) {
      const uri = pathToFileURL(f).toString();
      if (uri !== doc.uri && !now.has(uri) && before.has(uri)) this.conn.sendDiagnostics({ uri, diagnostics: [] });
    }
    for (const uri of before) if (!now.has(uri) && uri !== doc.uri && !read.has(toPosix(fileURLToPath(uri)))) this.conn.sendDiagnostics({ uri, diagnostics: [] });
    this.published.set(dir, now);
    // a build that failed (it read only the kustomization file): say so on the file being edited too
    const failed = doc.uri !== kUri && read.size <= 1 ? (byUri.get(kUri) ?? []).filter((d) => d.code === 'syntax') : [];
    // a file the build did not read (a loose file beside it, or any file when the build failed) is analysed on its own
    if (!read.has(file) && doc.uri !== kUri) return [...normal(), ...failed];
    return byUri.get(doc.uri) ?? [];
  }
}
