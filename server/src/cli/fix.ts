/** `palisade scan --fix / --diff`. Fix application lands with the quick-fix issue. */
import type { Settings } from '../engine/settings';

export interface FixRun { applied: number; changedFiles: number; diff: string }

export function runFixes(_files: string[], _settings: Settings, _opts: { unsafe: boolean; write: boolean; diff: boolean; rel: (f: string) => string; read: (f: string) => { text?: string; error?: string } }): FixRun {
  return { applied: 0, changedFiles: 0, diff: '' };
}
