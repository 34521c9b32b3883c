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
  /** Per build, the diagnostics last published per file. */
  private published = new Map<string, Map<string, readonly Diagnostic[]>>();
  constructor(private readonly conn: Conn) {}

  /**
   * Publishes `byUri` for every file but `self`, and clears the files of the last build of `key` that
   * have none now. A file whose diagnostics are the same objects as those last published for it (a
   * keystroke in one template re-renders the chart, and the other templates' diagnostics are reused)
   * is not published again: the client has them.
   */
  publishOthers(key: string, self: string, byUri: ReadonlyMap<string, Diagnostic[]>): void {
    const before = this.published.get(key) ?? new Map<string, readonly Diagnostic[]>();
    const now = new Map<string, readonly Diagnostic[]>();
    for (const [uri, diagnostics] of byUri) {
      if (uri === self) continue;
      now.set(uri, diagnostics);
      const last = before.get(uri);
      if (last && last.length === diagnostics.length && last.every((d, i) => d === diagnostics[i])) continue;
      this.conn.sendDiagnostics({ uri, diagnostics });
    }
    for (const uri of before.keys()) if (!now.has(uri) && uri !== self) this.conn.sendDiagnostics({ uri, diagnostics: [] });
    this.published.set(key, now);
  }

  /** Someone else published for `uri` (the server cleared it when its document closed): publish it again next time. */
  forget(uri: string): void {
    for (const m of this.published.values()) m.delete(uri);
  }
}
