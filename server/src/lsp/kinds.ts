/**
 * Code action kinds shared by the language server and the VS Code client. This file imports nothing, so the client
 * bundle can use it without pulling in the language server (as with ./nodeFlags).
 */

/** Palisade's fix-all: `source.fixAll` (the LSP's CodeActionKind.SourceFixAll) + `.palisade`. */
export const FIX_ALL_KIND = 'source.fixAll.palisade';
