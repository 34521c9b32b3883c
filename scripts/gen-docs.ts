/**
 * Generates docs/rules/<ID>.md and docs/rules/README.md from the rule registry.
 * `npm run docs` writes them; `tsx scripts/gen-docs.ts --check` fails when they are stale.
 */
import * as fs from 'fs';
import * as path from 'path';
import { allRules } from '../server/src/engine/rules';
import type { RuleMeta } from '../server/src/engine/types';
import { expectedReadme, README } from './readme-examples';

export const DOCS_DIR = path.join(__dirname, '..', 'docs', 'rules');


export function rulePage(m: RuleMeta): string {
  const lines: string[] = [];
  lines.push(`# ${m.id}: ${m.title}`, '');
  lines.push(`| | |`, `|---|---|`);
  lines.push(`| Name | \`${m.name}\` |`);
  lines.push(`| Default severity | ${m.severity} |`);
  lines.push(`| Applies to | ${m.language} |`);
  if (m.references.pss) lines.push(`| Pod Security Standards | ${m.references.pss.level}: ${m.references.pss.control} |`);
  lines.push(`| Fix | ${m.fix ? m.fix.applicability : 'none'} |`);
  if (m.references.peers.length) lines.push(`| Peer rules | ${m.references.peers.map((p) => `\`${p}\``).join(', ')} |`);
  if (m.references.cis.length) lines.push(`| CIS | ${m.references.cis.join(', ')} |`);
  lines.push('', '## What it checks', '', m.docs.description, '', '## Why it matters', '', m.docs.rationale, '', '## How to fix it', '', m.docs.remediation, '');
  if (m.docs.example) {
    const lang = m.docs.example.language ?? (m.language === 'dockerfile' ? 'dockerfile' : 'yaml');
    lines.push('## Example', '', 'Flagged:', '', '```' + lang, m.docs.example.bad.replace(/\n$/, ''), '```', '', 'Compliant:', '', '```' + lang, m.docs.example.good.replace(/\n$/, ''), '```', '');
  }
  lines.push('## Suppressing', '', `On the line above the finding or at the top of the resource: \`# palisade-ignore ${m.id} -- reason\`. For a whole file: \`# palisade-ignore-file ${m.id}\`. In \`.palisade.yaml\`: \`rules: {${m.id}: off}\`.`, '');
  const formerly = splitNote(m);
  if (formerly) lines.push(formerly, '');
  return lines.join('\n');
}

/** What a page says about splits: the rule's former ids (its aliases), and the rules split out of it. */
export function splitNote(m: RuleMeta): string | undefined {
  const out: string[] = [];
  // aliases are former ids and the names that went with them: the note names the ids, with their names
  const aliases = m.aliases ?? [];
  for (const a of aliases) {
    const former = allRules.find((r) => r.meta.id === a)?.meta;
    if (!former && !/^[A-Z]+\d+$/.test(a)) continue;
    const name = former && aliases.includes(former.name) ? ` (and its name \`${former.name}\`)` : '';
    out.push(`Formerly part of ${former ? `[${a}](${a}.md)` : a}; \`${a}\`${name} in configuration and suppressions still applies to it; a setting of ${m.id} or \`${m.name}\` itself takes precedence.`);
  }
  const split = allRules.filter((r) => r.meta.aliases?.includes(m.id)).map((r) => r.meta);
  if (split.length) out.push(`Split out of this rule, one id per setting: ${split.map((s) => `[${s.id}](${s.id}.md) (\`${s.name}\`)`).join(', ')}. \`${m.id}\`${split.every((s) => s.aliases!.includes(m.name)) ? ` (and \`${m.name}\`)` : ''} in configuration and suppressions still applies to them as well.`);
  return out.length ? out.join('\n\n') : undefined;
}

export function indexPage(): string {
  const rows = allRules.map((r) => r.meta).map((m) => `| [${m.id}](${m.id}.md) | \`${m.name}\` | ${m.title} | ${m.severity} | ${m.references.pss ? `${m.references.pss.level}: ${m.references.pss.control}` : ''} | ${m.fix ? m.fix.applicability : ''} |`);
  return ['# Palisade rules', '', `Generated from the rule registry by \`npm run docs\`; ${allRules.length} rules.`, '', '| id | name | title | severity | Pod Security Standard | fix |', '|---|---|---|---|---|---|', ...rows, ''].join('\n');
}

export function expectedDocs(): Map<string, string> {
  const m = new Map<string, string>();
  for (const r of allRules) m.set(`${r.meta.id}.md`, rulePage(r.meta));
  m.set('README.md', indexPage());
  return m;
}

if (require.main === module) {
  const check = process.argv.includes('--check');
  const want = expectedDocs();
  fs.mkdirSync(DOCS_DIR, { recursive: true });
  const stale: string[] = [];
  for (const [name, body] of want) {
    const p = path.join(DOCS_DIR, name);
    const have = fs.existsSync(p) ? fs.readFileSync(p, 'utf8') : undefined;
    if (have !== body) { stale.push(name); if (!check) fs.writeFileSync(p, body); }
  }
  for (const f of fs.readdirSync(DOCS_DIR)) if (!want.has(f)) { stale.push(f); if (!check) fs.unlinkSync(path.join(DOCS_DIR, f)); }
  void expectedReadme(!check).then((readme) => {
    if (fs.readFileSync(README, 'utf8') !== readme) { stale.push('README.md (examples output)'); if (!check) fs.writeFileSync(README, readme); }
    if (check && stale.length) { console.error(`stale generated docs: ${stale.join(', ')}; run npm run docs`); process.exit(1); }
    console.log(check ? 'generated docs are up to date' : `wrote ${want.size} pages and the README examples block (${stale.length} changed)`);
  });
}
