/**
 * Suppression comments written by the "Disable <rule> for this line / this resource" actions, in
 * the syntax the suppression layer reads (issue 3): `# palisade-ignore <ID> -- <reason>` on the line
 * above the finding, or above the first line of the resource for the whole resource. The reason is
 * a snippet placeholder, or, for clients that take no snippets, the text `reason: TODO`. Pure.
 */
import type { OffsetEdit } from '../types';
import { lineStartAt, lineEndAt } from './yamlEdit';
import { fileStyle } from './style';

export const IGNORE_DIRECTIVE = 'palisade-ignore';

/** The comment line inserted above the line holding `offset`, indented like that line. */
export function suppressionEdit(text: string, offset: number, ruleId: string, snippet = true): OffsetEdit {
  const ls = lineStartAt(text, Math.min(offset, text.length));
  const line = text.slice(ls, lineEndAt(text, ls));
  const indent = /^[ \t]*/.exec(line)![0];
  const reason = snippet ? '${1:reason}' : 'reason: TODO';
  return { start: ls, end: ls, newText: `${indent}# ${IGNORE_DIRECTIVE} ${ruleId} -- ${reason}${fileStyle(text).eol}` };
}
