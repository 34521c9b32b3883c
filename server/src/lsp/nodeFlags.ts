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
 * edits, RSS about 270 -> 205 MB a few seconds after the last edit; 136-138 MB since the second
 * collection compacts the old generation, 130 MB once the young generation has shrunk (8 s idle).
 */
export const SERVER_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=4', '--expose-gc'];

/**
 * Environment for the language server process, where the launcher sets it (the VS Code client and
 * the benchmark; other editors can set it too).
 *
 * `MALLOC_MMAP_THRESHOLD_=131072`: glibc's malloc serves allocations of 128 KB and more with their
 * own mappings, returned to the system when freed. By default the threshold rises as large blocks
 * are freed (up to 32 MB), after which V8's large buffers (compiler zones, megabyte publishes, the
 * flattened text of each edit) come from the heap arenas and stay there, fragmented. Measured
 * (2 cores, three alternating runs each, the 100,000-line file): idle RSS with the file open
 * 142-154 -> 128-144 MB, after 20 edits 191-194 -> 159-175 MB; edit latency unchanged. Only glibc
 * reads it (other C libraries and systems ignore it), and only when the process starts.
 */
export const SERVER_ENV: Readonly<Record<string, string>> = { MALLOC_MMAP_THRESHOLD_: '131072' };
