/**
 * Server commands (workspace/executeCommand), registered in the initialize result; the VS Code
 * client adds palette entries that call them:
 *  - `palisade.hardenFile` (uri, level 'baseline'|'restricted'): every Pod Security fix needed for
 *    that level, for all workloads of the file, as one WorkspaceEdit whose edits carry a change
 *    annotation with `needsConfirmation: true` (VS Code shows it as a refactor preview).
 *  - `palisade.fixAllSafe` (uri): every safe fix (unsafe too when `palisade.fix.unsafe` is on).
 *  - `palisade.generateDefaultDenyNetworkPolicy` (uri, position, {dns}): a new `---` document with a
 *    default-deny NetworkPolicy for the namespace of the workload under the cursor.
 * Each applies its edit through `workspace/applyEdit` and returns `{ applied, edit, fixes }`.
 *  - `palisade.podSecurityInForce` (uri): the Pod Security level each namespace of the document's
 *    workloads is checked at, and why (a Namespace label or `.palisade.yaml` namespaces, else the
 *    default level of the settings and `.palisade.yaml`); no edit. The VS Code status bar shows it.
 */
import { fileURLToPath } from 'url';
import {
  ExecuteCommandParams, ResponseError, ErrorCodes, WorkspaceEdit, TextEdit, AnnotatedTextEdit, ClientCapabilities,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { ServerState } from './server';
import { fixAllFilter } from './codeActions';
import { hardenText } from '../engine/fix/harden';
import { fixText, textEditsBetween } from '../engine/fix/apply';
import { appendDefaultDenyPolicy } from '../engine/fix/netpol';
import { Analyzer } from '../engine/analyze';
import { podSpecOf } from '../engine/k8s/model';
import type { Applicability, PssLevel } from '../engine/types';
import { lookup } from '../engine/own';
import { LIMITS } from './workspace';
import { readInside } from '../workspace/read';
import { optionalPosition } from './params';

export const COMMANDS = ['palisade.hardenFile', 'palisade.fixAllSafe', 'palisade.generateDefaultDenyNetworkPolicy', 'palisade.podSecurityInForce'];

export interface LevelInForce {
  /** The level used where no namespace has its own. */
  default: { level: PssLevel; version: string };
  /** Namespaces of the document's workloads ('' = none given), with the level they are checked at. */
  namespaces: { namespace: string; level: PssLevel; version: string; own: boolean }[];
}

/** The Pod Security level the document's workloads are checked at (what the analysis uses). */
export function levelInForce(state: ServerState, uri: string): LevelInForce {
  const s = state.settingsFor(uri);
  const seen = new Map<string, LevelInForce['namespaces'][number]>();
  for (const o of state.analyzer.objects(uri)) {
    if (!podSpecOf(o) || seen.has(o.namespace)) continue;
    const own = lookup(s.namespaces, o.namespace);
    const n = own ?? s.podSecurity;
    seen.set(o.namespace, { namespace: o.namespace, level: n.level, version: n.version, own: !!own });
  }
  return { default: { level: s.podSecurity.level, version: s.podSecurity.version }, namespaces: [...seen.values()] };
}
export const HARDEN_ANNOTATION = 'palisade.harden';

let caps: ClientCapabilities = {};
/** Called from onInitialize: what kind of WorkspaceEdit the client accepts. */
export function setClientCapabilities(c: ClientCapabilities): void { caps = c ?? {}; }

export interface CommandResult {
  applied: boolean; edit: WorkspaceEdit | null; fixes: number; message?: string;
  /** Fix All: how many behaviour-changing fixes a second call with `{unsafe: true}` would apply. */
  unsafeFixes?: number;
}

function documentOf(state: ServerState, uri: unknown): TextDocument {
  if (typeof uri !== 'string' || !uri) throw new ResponseError(ErrorCodes.InvalidParams, 'palisade: the command needs the URI of a document as its first argument');
  const open = state.documents.get(uri);
  if (open) return open;
  const text = readWorkspaceFile(state.workspaceRoots?.() ?? [], uri);
  if (text === undefined) throw new ResponseError(ErrorCodes.InvalidParams, `palisade: ${uri} is not open, and not a regular file of at most ${LIMITS.maxBytes / 1048576} MB inside the workspace folders`);
  return TextDocument.create(uri, /\.json$/i.test(uri) ? 'json' : 'yaml', 0, text);
}

/** The text of a document that is not open: a regular text file inside the workspace folders (workspace/read.ts readInside), else undefined. */
export function readWorkspaceFile(roots: readonly string[], uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try { return readInside(roots, fileURLToPath(uri)).text; } catch { return undefined; }
}

function workspaceEdit(doc: TextDocument, edits: TextEdit[], annotation?: { label: string; description: string }): WorkspaceEdit {
  const ws = caps.workspace?.workspaceEdit;
  if (annotation && ws?.documentChanges && ws.changeAnnotationSupport) {
    return {
      documentChanges: [{ textDocument: { uri: doc.uri, version: state0(doc) }, edits: edits.map((e) => AnnotatedTextEdit.replace(e.range, e.newText, HARDEN_ANNOTATION)) }],
      changeAnnotations: { [HARDEN_ANNOTATION]: { label: annotation.label, description: annotation.description, needsConfirmation: true } },
    };
  }
  if (ws?.documentChanges) return { documentChanges: [{ textDocument: { uri: doc.uri, version: state0(doc) }, edits }] };
  return { changes: { [doc.uri]: edits } };
}
/** The version to guard the edit with (null for a document that is not open). */
function state0(doc: TextDocument): number | null { return doc.version > 0 ? doc.version : null; }

async function apply(state: ServerState, label: string, edit: WorkspaceEdit, fixes: number): Promise<CommandResult> {
  try {
    const r = await state.connection.workspace.applyEdit({ label, edit });
    return { applied: r.applied, edit, fixes, message: r.failureReason };
  } catch (e) {
    return { applied: false, edit, fixes, message: (e as Error).message };
  }
}

export async function executeCommand(state: ServerState, params: ExecuteCommandParams): Promise<CommandResult | LevelInForce> {
  const args = params.arguments ?? [];
  switch (params.command) {
    case 'palisade.podSecurityInForce': {
      if (typeof args[0] !== 'string') throw new ResponseError(ErrorCodes.InvalidParams, 'palisade: the command needs the URI of a document as its first argument');
      return levelInForce(state, args[0]);
    }
    case 'palisade.hardenFile': {
      const doc = documentOf(state, args[0]);
      const level = args[1] ?? 'restricted';
      if (level !== 'baseline' && level !== 'restricted') throw new ResponseError(ErrorCodes.InvalidParams, `palisade: level must be 'baseline' or 'restricted', not ${JSON.stringify(level)}`);
      const text = doc.getText();
      const r = hardenText(doc.uri, text, level, state.settingsFor(doc.uri), { languageId: doc.languageId });
      if (!r.applied) return { applied: false, edit: null, fixes: 0, message: `Nothing to change: the file already meets the ${level} Pod Security Standard as far as automatic fixes go.` };
      const edits = textEditsBetween(text, r.text);
      // applied at once, as one undoable edit, with a summary: the user asked for it by name and level
      // (a preview whose changes start unchecked did nothing when its Apply was pressed as shown)
      const label = `Harden to the ${level} Pod Security Standard`;
      const done = await apply(state, label, workspaceEdit(doc, edits), r.applied);
      if (done.applied) done.message = `Hardened to the ${level} Pod Security Standard: ${r.applied} fix(es) for ${[...r.rules].sort().join(', ')}. Undo reverts them all.`;
      return done;
    }
    case 'palisade.fixAllSafe': {
      const doc = documentOf(state, args[0]);
      const text = doc.getText();
      // (uri, {unsafe: true}): also the fixes that may change behaviour, when the user chose them
      const withUnsafe = (args[1] as { unsafe?: unknown } | undefined)?.unsafe === true;
      const filter = withUnsafe ? { applicability: ['safe', 'unsafe'] as Applicability[] } : fixAllFilter(state);
      const settings = state.settingsFor(doc.uri);
      const r = fixText(doc.uri, text, settings, filter, { languageId: doc.languageId });
      if (!r.applied) {
        // only behaviour-changing fixes exist: say so, and how to apply them
        const unsafe = filter.applicability.includes('unsafe') ? undefined : fixText(doc.uri, text, settings, { applicability: ['safe', 'unsafe'] }, { languageId: doc.languageId, maxRounds: 1 });
        if (unsafe?.applied) {
          return { applied: false, edit: null, fixes: 0, unsafeFixes: unsafe.applied, message: `No safe fix applies. ${unsafe.applied} fix(es) that harden the file but may change how it behaves (${[...unsafe.rules].sort().join(', ')}) are available: apply them, or set palisade.fix.unsafe to include them in Fix All.` };
        }
        return { applied: false, edit: null, fixes: 0, message: 'No automatic fix applies: the remaining findings need a value only you can choose (see each quick fix).' };
      }
      const done = await apply(state, 'Palisade: fix all', workspaceEdit(doc, textEditsBetween(text, r.text)), r.applied);
      if (done.applied) done.message = `Applied ${r.applied} fix(es) for ${[...r.rules].sort().join(', ')}.`;
      return done;
    }
    case 'palisade.generateDefaultDenyNetworkPolicy': {
      const doc = documentOf(state, args[0]);
      const pos = optionalPosition(args[1]);
      const opts = (args[2] ?? {}) as { dns?: boolean };
      const text = doc.getText();
      const a = new Analyzer();
      a.analyze(doc.uri, text, { settings: state.settingsFor(doc.uri), languageId: doc.languageId });
      const objs = a.objects(doc.uri);
      const at = pos ? doc.offsetAt(pos) : 0;
      const hit = objs.filter((o) => o.view.loc[0] <= at && at <= o.view.loc[1]).sort((x, y) => y.view.loc[0] - x.view.loc[0])[0];
      const namespace = (hit ?? objs.find((o) => o.namespace) ?? objs[0])?.namespace || undefined;
      const e = appendDefaultDenyPolicy(text, { namespace, dns: opts.dns === true });
      const edit = workspaceEdit(doc, [TextEdit.insert(doc.positionAt(e.start), e.newText)]);
      return apply(state, 'Palisade: default-deny NetworkPolicy', edit, 1);
    }
    default:
      throw new ResponseError(ErrorCodes.MethodNotFound, `palisade: unknown command ${params.command}`);
  }
}
