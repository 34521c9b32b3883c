/**
 * Hover on a finding: the rule's title, why it matters, the Pod Security Standards level and control,
 * the peer tools' ids and a link to the rule's page, for every Palisade diagnostic under the cursor.
 */
import type { Diagnostic, Hover, HoverParams, Position, Range } from 'vscode-languageserver/node';
import { MarkupKind } from 'vscode-languageserver/node';
import { getRule } from '../engine/rules/index';
import { docHref } from './convert';

function contains(r: Range, p: Position): boolean {
  const afterStart = p.line > r.start.line || (p.line === r.start.line && p.character >= r.start.character);
  const beforeEnd = p.line < r.end.line || (p.line === r.end.line && p.character <= r.end.character);
  return afterStart && beforeEnd;
}

/** One paragraph of a rule's docs, flattened for a hover. */
function firstParagraph(s: string | undefined): string {
  return (s ?? '').trim().split(/\n\s*\n/)[0].replace(/\s*\n\s*/g, ' ');
}

export function hoverMarkdown(ruleId: string): string | undefined {
  const rule = getRule(ruleId);
  if (!rule) return undefined;
  const m = rule.meta;
  const lines = [`**${m.id}** · ${m.title} \`${m.name}\``, ''];
  const why = firstParagraph(m.docs.rationale);
  if (why) lines.push(`*Why it matters:* ${why}`, '');
  if (m.references.pss) lines.push(`*Pod Security Standards:* ${m.references.pss.level} — ${m.references.pss.control}`, '');
  if (m.references.peers.length) lines.push(`*Peers:* ${m.references.peers.map((p) => `\`${p}\``).join(', ')}`, '');
  if (m.references.cis.length) lines.push(`*CIS:* ${m.references.cis.join(', ')}`, '');
  lines.push(`[Rule documentation: ${m.id}](${docHref(m.id)})`);
  return lines.join('\n');
}

/** The hover for the Palisade diagnostics (of the latest analysis) that contain the position. */
export function hoverAt(diagnostics: Diagnostic[] | undefined, params: HoverParams): Hover | null {
  if (!diagnostics?.length) return null;
  const here = diagnostics.filter((d) => d.source === 'palisade' && typeof d.code === 'string' && contains(d.range, params.position));
  const seen = new Set<string>();
  const parts: string[] = [];
  let range: Range | undefined;
  for (const d of here) {
    const id = d.code as string;
    if (seen.has(id)) continue;
    seen.add(id);
    const md = hoverMarkdown(id);
    if (!md) continue;
    parts.push(md);
    range ??= d.range;
  }
  if (!parts.length) return null;
  return { contents: { kind: MarkupKind.Markdown, value: parts.join('\n\n---\n\n') }, range };
}
