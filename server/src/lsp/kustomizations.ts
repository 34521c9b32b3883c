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
import { BuildPublisher, openTexts } from './builtFiles';

const toPosix = (p: string) => p.split(path.sep).join('/');

/** The nearest folder at or above the document's folder holding a kustomization file, within `roots` when given. */
export function kustomizationDirOf(file: string, roots: readonly string[] = []): string | undefined {
  const stop = roots.map((r) => path.resolve(r));
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    if (KUSTOMIZATION_FILE_NAMES.some((n) => fs.existsSync(path.join(dir, n)))) return dir;
    if (stop.includes(dir) || path.dirname(dir) === dir) return undefined;
  }
}

/** Builds the kustomization of a document being analysed and publishes its other files (./builtFiles.ts). */
export class KustomizationPublisher {
  private readonly publisher: BuildPublisher;
  constructor(conn: ConstructorParameters<typeof BuildPublisher>[0], private readonly openDocs: () => TextDocument[]) { this.publisher = new BuildPublisher(conn); }

  /** The document of `uri` closed and its diagnostics were cleared: the next build publishes them again. */
  forget(uri: string): void { this.publisher.forget(uri); }

  /**
   * The document's diagnostics: what the build of the kustomization in `dir` found in it, or, when the
   * build did not read it, its own analysis (`normal`); the kustomization's other files are published.
   */
  diagnosticsFor(doc: TextDocument, dir: string, settings: Settings, normal: () => Diagnostic[]): Diagnostic[] {
    const a = analyzeKustomization(diskHost(openTexts(this.openDocs(), toPosix)), toPosix(dir), settings, { helm: localHelmCharts });
    const read = new Set(a.files.map((f) => toPosix(path.resolve(f))));
    const byUri = new Map<string, Diagnostic[]>();
    for (const r of a.results) {
      const uri = pathToFileURL(path.resolve(r.file)).toString();
      byUri.set(uri, [...(byUri.get(uri) ?? []), ...toDiagnostics({ ...r, file: uri }, settings.profile)]);
    }
    this.publisher.publishOthers(dir, doc.uri, byUri);
    const kUri = pathToFileURL(path.resolve(a.kustomization)).toString();
    // a build that failed (it read only the kustomization file): say so on the file being edited too
    const failed = doc.uri !== kUri && read.size <= 1 ? (byUri.get(kUri) ?? []).filter((d) => d.code === 'syntax') : [];
    // a file the build did not read (a loose file beside it, or any file when the build failed) is analysed on its own
    if (!read.has(toPosix(fileURLToPath(doc.uri))) && doc.uri !== kUri) return [...normal(), ...failed];
    return byUri.get(doc.uri) ?? [];
  }
}
