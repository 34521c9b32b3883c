/**
 * The JSON encoder of the stdio transport. Every message is `JSON.stringify`'d as vscode-jsonrpc
 * does, except `textDocument/publishDiagnostics`: its diagnostics made by `toDiagnostic` are
 * immutable and reused while their finding is unchanged, so each one's UTF-8 JSON is encoded once
 * and a publish after an edit concatenates bytes instead of serialising the whole list again (a
 * 10,000-line manifest publishes about 1,400 diagnostics, 670 KB, per keystroke). The bytes equal
 * those of `JSON.stringify` of the same message (a test checks this).
 */
import type { Diagnostic, Message } from 'vscode-languageserver/node';
import { fixesOf } from './convert';

const PUBLISH = 'textDocument/publishDiagnostics';
const encoded = new WeakMap<Diagnostic, Buffer>();
const COMMA = Buffer.from(',');

function diagnosticBytes(d: Diagnostic): Buffer {
  let b = encoded.get(d);
  if (!b) {
    b = Buffer.from(JSON.stringify(d), 'utf8');
    // only diagnostics made by toDiagnostic (frozen, so they cannot change after being cached)
    if (fixesOf(d) && Object.isFrozen(d)) encoded.set(d, b);
  }
  return b;
}

/** The message as UTF-8 JSON, byte for byte what JSON.stringify gives. */
export function encodeMessage(msg: Message): Buffer {
  const m = msg as { jsonrpc?: string; method?: string; params?: { diagnostics?: unknown } };
  const keys = Object.keys(msg);
  if (m.method === PUBLISH && keys.length === 3 && keys[0] === 'jsonrpc' && keys[1] === 'method' && keys[2] === 'params'
    && m.params && typeof m.params === 'object' && Array.isArray(m.params.diagnostics)) {
    const { diagnostics, ...rest } = m.params as { diagnostics: Diagnostic[] };
    const pk = Object.keys(m.params);
    // the diagnostics key last, as the server writes it (so the bytes match JSON.stringify)
    if (pk[pk.length - 1] === 'diagnostics') {
      const restJson = JSON.stringify(rest);
      const head = `{"jsonrpc":${JSON.stringify(m.jsonrpc)},"method":"${PUBLISH}","params":${restJson.slice(0, -1)}${restJson.length > 2 ? ',' : ''}"diagnostics":[`;
      const parts: Buffer[] = [Buffer.from(head, 'utf8')];
      for (let i = 0; i < diagnostics.length; i++) {
        if (i) parts.push(COMMA);
        parts.push(diagnosticBytes(diagnostics[i]));
      }
      parts.push(Buffer.from(']}}'));
      return Buffer.concat(parts);
    }
  }
  return Buffer.from(JSON.stringify(msg), 'utf8');
}

/** A vscode-jsonrpc content type encoder (MessageWriterOptions.contentTypeEncoder). */
export const jsonEncoder = {
  name: 'application/json',
  encode(msg: Message): Promise<Uint8Array> {
    try { return Promise.resolve(encodeMessage(msg)); } catch (e) { return Promise.reject(e); }
  },
};
