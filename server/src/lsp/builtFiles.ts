/**
 * What the chart (./charts.ts) and kustomization (./kustomizations.ts) publishers share: the open
 * documents' unsaved texts to build from, and publishing the diagnostics of every file of a build
 * other than the document being analysed (which the server publishes itself, with its version),
 * clearing the files that had diagnostics from the last build and have none now.
 */
import { fileURLToPath } from 'url';
import type { Diagnostic } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';

/** The open documents' texts by file path (`map` rewrites the path, e.g. to POSIX separators). */
export function openTexts(docs: readonly TextDocument[], map: (p: string) => string = (p) => p): Map<string, string> {
  const out = new Map<string, string>();
  for (const d of docs) {
    if (!d.uri.startsWith('file:')) continue;
    try { out.set(map(fileURLToPath(d.uri)), d.getText()); } catch { /* not a file path */ }
  }
  return out;
}

interface Conn { sendDiagnostics(p: { uri: string; diagnostics: Diagnostic[] }): void }

/** Per build (a chart folder, a kustomization folder), the files it last published. */
export class BuildPublisher {
  private published = new Map<string, Set<string>>();
  constructor(private readonly conn: Conn) {}

  /** Publishes `byUri` for every file but `self`, and clears the files of the last build of `key` that have none now. */
  publishOthers(key: string, self: string, byUri: ReadonlyMap<string, Diagnostic[]>): void {
    const before = this.published.get(key) ?? new Set<string>();
    const now = new Set<string>();
    for (const [uri, diagnostics] of byUri) {
      if (uri === self) continue;
      now.add(uri);
      this.conn.sendDiagnostics({ uri, diagnostics });
    }
    for (const uri of before) if (!now.has(uri) && uri !== self) this.conn.sendDiagnostics({ uri, diagnostics: [] });
    this.published.set(key, now);
  }
}
