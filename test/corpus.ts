/** Locates the shared corpora. Missing corpora fail loudly: conformance never passes silently. */
import * as fs from 'fs';
import * as path from 'path';

export const CORPUS_DIR = path.resolve(process.env.PALISADE_CORPUS ?? path.join(__dirname, '..', '..', 'shared', 'corpus'));

export function requireCorpus(sub: string): string {
  const dir = path.join(CORPUS_DIR, sub);
  if (!fs.existsSync(path.join(dir, 'MANIFEST.json'))) {
    throw new Error(`CORPUS MISSING: ${dir} not found. Set PALISADE_CORPUS to the shared corpus directory (default ../shared/corpus). Conformance cannot pass without it.`);
  }
  return dir;
}

export function manifest<T>(sub: string): T[] {
  return JSON.parse(fs.readFileSync(path.join(requireCorpus(sub), 'MANIFEST.json'), 'utf8')) as T[];
}
