/**
 * Node options for the language server process, where the launcher sets them: the VS Code client
 * and the benchmark use these; other editors can put them in their server command
 * (`node --max-semi-space-size=4 --expose-gc bin/palisade.js lsp --stdio`). V8 reads them only at start.
 *
 * A young generation of 4 MB semi-spaces instead of the default 16: with the 100,000-line file open
 * the server kept 32 MB committed for a young generation that held 9 MB. Measured (bench, 2 cores):
 * RSS 175 -> 156 MB, one-character edits of 1,000 and 10,000 lines unchanged within noise, opening
 * 10,000 lines 780 -> 600 ms, opening 100,000 lines (cut by the budget) 8% slower.
 *
 * `gc` exposed, for collecting once the server is idle (`idleGc.ts`): the 100,000-line file after 20
 * edits, RSS about 270 -> 205 MB a few seconds after the last edit.
 */
export const SERVER_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=4', '--expose-gc'];
