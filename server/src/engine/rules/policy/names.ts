import { levenshtein } from '../shared/text';

/** The closest name within a small edit distance, for "did you mean" messages. */
export function suggestName(name: string, known: string[]): string | undefined {
  let best: string | undefined, bestD = Infinity;
  for (const k of known) { const d = levenshtein(name.toLowerCase(), k.toLowerCase()); if (d < bestD) { bestD = d; best = k; } }
  return bestD <= Math.max(2, Math.floor(name.length / 5)) ? best : undefined;
}
