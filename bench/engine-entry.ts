/**
 * What the engine benchmark loads: the engine and the parse floors, bundled by `bench/run.ts` with
 * the options of `scripts/build.mjs` (so the engine runs as it ships in dist/, and `yaml` is the same
 * build on both sides of the comparison).
 */
export { Analyzer } from '../server/src/engine/analyze';
export { scanTexts } from '../server/src/engine/scan';
export { defaultSettings } from '../server/src/engine/settings';
export { parseAllDocuments } from 'yaml';
export { DockerfileParser } from 'dockerfile-ast';
