/**
 * What the engine benchmark loads: the engine and the parse floors, bundled by `bench/run.ts` with
 * the options of `scripts/build.mjs` (so the engine runs as it ships in dist/, and `yaml` is the same
 * build on both sides of the comparison).
 */
export { Analyzer } from '../server/src/engine/analyze';
export { scanTexts } from '../server/src/engine/scan';
export { defaultSettings } from '../server/src/engine/settings';
export { parseAllDocuments, parseDocument, Parser } from 'yaml';
export { splitDocuments } from '../server/src/engine/yaml/split';
export { parseChunk } from '../server/src/engine/yaml/parse';
export { objectsOf } from '../server/src/engine/k8s/model';
export { DockerfileParser } from 'dockerfile-ast';
export { helmTemplate } from '../server/src/engine/helm/chart';
