/** The rule pages bundled with the extension (docs/rules, generated from the engine's registry). */
import * as fs from 'fs';
import * as path from 'path';

export interface RuleIndexEntry { id: string; name: string; title: string; severity: string; pss: string }

/** Reads the index table of docs/rules/README.md: `| [ID](ID.md) | `name` | title | severity | pss | fix |`. */
export function readRuleIndex(docsDir: string): RuleIndexEntry[] {
  let text: string;
  try { text = fs.readFileSync(path.join(docsDir, 'README.md'), 'utf8'); } catch { return fallbackIndex(docsDir); }
  const out: RuleIndexEntry[] = [];
  for (const line of text.split(/\r?\n/)) {
    const m = /^\|\s*\[([A-Z][A-Z0-9]*[0-9])\]\([^)]*\)\s*\|(.*)\|\s*$/.exec(line);
    if (!m) continue;
    const cells = m[2].split('|').map((c) => c.trim());
    out.push({ id: m[1], name: (cells[0] ?? '').replace(/`/g, ''), title: cells[1] ?? '', severity: cells[2] ?? '', pss: cells[3] ?? '' });
  }
  return out.length ? out : fallbackIndex(docsDir);
}

/** Without an index: one entry per page, titled by its first heading. */
function fallbackIndex(docsDir: string): RuleIndexEntry[] {
  let files: string[] = [];
  try { files = fs.readdirSync(docsDir).filter((f) => /^[A-Z][A-Z0-9]*[0-9]\.md$/.test(f)).sort(); } catch { return []; }
  return files.map((f) => {
    const id = f.slice(0, -3);
    let title = '';
    try { title = /^#\s*[^:]*:\s*(.*)$/m.exec(fs.readFileSync(path.join(docsDir, f), 'utf8'))?.[1] ?? ''; } catch { /* unreadable page */ }
    return { id, name: '', title, severity: '', pss: '' };
  });
}

export function rulePagePath(docsDir: string, ruleId: string): string | undefined {
  if (!/^[A-Za-z][A-Za-z0-9]*[0-9]$/.test(ruleId)) return undefined;
  const f = path.join(docsDir, `${ruleId.toUpperCase()}.md`);
  return fs.existsSync(f) ? f : undefined;
}
