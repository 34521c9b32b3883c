/**
 * Checks of request parameters from the client. A request whose position, range or document is
 * missing or malformed is answered InvalidParams (-32602), not with an internal error (-32603)
 * from wherever the bad value first breaks.
 */
import { ResponseError, ErrorCodes } from 'vscode-languageserver/node';
import type { Position, Range } from 'vscode-languageserver/node';

const isIndex = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 0x7fffffff;

export function isPosition(p: unknown): p is Position {
  return typeof p === 'object' && p !== null && isIndex((p as Position).line) && isIndex((p as Position).character);
}

export function isRange(r: unknown): r is Range {
  return typeof r === 'object' && r !== null && isPosition((r as Range).start) && isPosition((r as Range).end);
}

function invalid(what: string): never {
  throw new ResponseError(ErrorCodes.InvalidParams, `palisade: ${what}`);
}

/** Parameters with `textDocument.uri` (pull diagnostics). */
export function requireDocument(params: unknown): void {
  if (typeof params !== 'object' || params === null) invalid('the request has no parameters');
  const td = (params as { textDocument?: { uri?: unknown } }).textDocument;
  if (typeof td !== 'object' || td === null || typeof td.uri !== 'string') invalid('textDocument.uri must be a string');
}

/** Parameters with `textDocument.uri` and `position` (hover, completion). */
export function requireTextPosition(params: unknown): void {
  requireDocument(params);
  if (!isPosition((params as { position?: unknown }).position)) invalid('position must be {line, character} with non-negative integers');
}

/** Parameters with `textDocument.uri`, `range` and `context` (codeAction). */
export function requireTextRange(params: unknown): void {
  requireDocument(params);
  if (!isRange((params as { range?: unknown }).range)) invalid('range must be {start, end} positions with non-negative integers');
  const ctx = (params as { context?: { diagnostics?: unknown } }).context;
  if (typeof ctx !== 'object' || ctx === null || !Array.isArray(ctx.diagnostics)) invalid('context.diagnostics must be an array');
}

/** An optional position argument of a command: undefined when absent, InvalidParams when malformed. */
export function optionalPosition(v: unknown): Position | undefined {
  if (v === undefined || v === null) return undefined;
  if (!isPosition(v)) invalid('the position argument must be {line, character} with non-negative integers');
  return v;
}
