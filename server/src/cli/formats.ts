/**
 * The report formats of `palisade scan`: text, JSON (contract version 1) and SARIF 2.1.0. Each is a
 * writer that takes one file's result at a time and writes it out at once (`write`), so a scan of
 * many files holds one file's findings at a time, not the report; `toJson`, `toSarif` and `toText`
 * collect a writer's output for a list of results.
 *
 * Everything printed as text that came from a scanned file (file names, values quoted in messages)
 * has its control characters escaped (`escapeControl`): a file name or a YAML value with ESC, BEL,
 * CR or LF cannot move the cursor, recolour, retitle or fake lines of the terminal. JSON and SARIF
 * escape them as JSON does.
 */
import * as path from 'path';
import { pathToFileURL } from 'url';
import type { FileResult, Finding, Severity, RuleMeta } from '../engine/types';
import { VERSION, ruleDocUrl } from '../engine/version';

export interface ScanReport { results: FileResult[] }

/** Writes a report one file at a time: `file` for each result (in order), then `end` once. */
export interface ReportWriter {
  file(r: FileResult): void;
  end(): void;
}

/** C0 and C1 controls, DEL, line and paragraph separators, and the bidirectional formatting characters. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** The text with its control characters shown as escapes (`\x1b`, `\r`, `\n`, `\u202e`): safe to print to a terminal. */
export function escapeControl(s: string): string {
  return s.replace(CONTROL, (c) => NAMED[c] ?? (c.charCodeAt(0) < 0x100 ? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}` : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
}

function jsonEntry(r: FileResult): Record<string, unknown> {
  return { file: r.file, findings: r.findings.map(jsonFinding), errors: r.errors };
}

/** The JSON contract, written as `JSON.stringify(report, null, 2)` would, one result at a time. */
export function jsonWriter(write: (s: string) => void): ReportWriter {
  const head = JSON.stringify({ version: 1, tool: { name: 'palisade', version: VERSION } }, null, 2);
  write(head.slice(0, head.lastIndexOf('\n}')) + ',\n  "results": [');
  let n = 0;
  return {
    file(r) { write((n++ ? ',\n' : '\n') + indent(JSON.stringify(jsonEntry(r), null, 2), '    ')); },
    end() { write((n ? '\n  ]' : ']') + '\n}\n'); },
  };
}

function indent(s: string, by: string): string {
  return by + s.replace(/\n/g, '\n' + by);
}

export function toJson(report: ScanReport): string {
  let out = '';
  const w = jsonWriter((s) => { out += s; });
  for (const r of report.results) w.file(r);
  w.end();
  return out.slice(0, -1);
}

/** A finding in the JSON contract; a merged one (default profile) also lists its `parts`, each a complete finding. */
function jsonFinding(f: Finding): Record<string, unknown> {
  return {
    ruleId: f.ruleId,
    name: f.name,
    severity: f.severity,
    message: f.message,
    range: f.range,
    resource: f.resource,
    references: f.references,
    fixes: f.fixes.map((x) => ({ title: x.title, applicability: x.applicability })),
    ...(f.related?.length ? { related: f.related } : {}),
    ...(f.parts?.length ? { parts: f.parts.map(jsonFinding) } : {}),
  };
}

const SARIF_LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'note' };
const SECURITY_SEVERITY: Record<Severity, string> = { error: '8.0', warning: '5.5', info: '2.0' };

/** The SARIF rule of content that was not (fully) analysed: a file error is a result of it, at error level. */
export const NOT_ANALYSED_RULE = 'not-analysed';

/** Lone surrogates (a file name that is not valid UTF-16) would make encodeURIComponent throw. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * A relative path as a URI reference (RFC 3986): each segment percent-encoded, so a file named
 * `sp ace #%3F?.yaml` is `sp%20ace%20%23%253F%3F.yaml` (a raw `#` or `?` would start a fragment or a query).
 */
export function uriOfPath(rel: string): string {
  return rel.split(/[\\/]/).map((seg) => encodeURIComponent(seg.replace(LONE_SURROGATE, '\ufffd'))).join('/');
}

/** The `file:` URI of a directory, with its trailing slash (SARIF `originalUriBaseIds`). */
export function dirUri(dir: string): string {
  const href = pathToFileURL(dir).href;
  return href.endsWith('/') ? href : href + '/';
}

/**
 * SARIF 2.1.0, one result at a time. File errors (content not analysed) are results of the rule
 * `not-analysed` at error level, so code scanning shows them, and tool execution notifications.
 */
export function sarifWriter(write: (s: string) => void, rules: RuleMeta[], cwd = process.cwd()): ReportWriter {
  const used = new Map<string, number>();
  rules.forEach((r, i) => used.set(r.id, i));
  used.set(NOT_ANALYSED_RULE, rules.length);
  /** The artifact location of a file: relative to %SRCROOT% when inside it, else its absolute file: URI. */
  const location = (f: string) => {
    const abs = path.resolve(cwd, f);
    const rel = path.relative(cwd, abs);
    if (!rel || rel.startsWith('..') || path.isAbsolute(rel)) return { uri: pathToFileURL(abs).href };
    return { uri: uriOfPath(rel), uriBaseId: '%SRCROOT%' };
  };
  const driverRules = [
    ...rules.map((m) => ({
      id: m.id,
      name: m.name,
      shortDescription: { text: m.title },
      fullDescription: { text: m.docs.description },
      help: { text: `${m.docs.rationale}\n\nRemediation: ${m.docs.remediation}`, markdown: `${m.docs.rationale}\n\n**Remediation:** ${m.docs.remediation}` },
      helpUri: ruleDocUrl(m.id),
      defaultConfiguration: { level: SARIF_LEVEL[m.severity] },
      properties: {
        tags: ['security', m.language, ...(m.references.pss ? [`pss-${m.references.pss.level}`] : []), ...m.references.cis.map((c) => `CIS-${c}`)],
        'security-severity': SECURITY_SEVERITY[m.severity],
      },
    })),
    {
      id: NOT_ANALYSED_RULE,
      name: NOT_ANALYSED_RULE,
      shortDescription: { text: 'Content was not analysed' },
      fullDescription: { text: 'Palisade could not check this file or part of it (a syntax error, a template that was not rendered, a size or nesting limit, an unreadable input); nothing in the part named was checked.' },
      help: { text: 'Fix the cause named in the message (or raise the limit with the matching --max-* option) and scan again.' },
      helpUri: 'https://github.com/palisade-security/palisade#cli',
      defaultConfiguration: { level: 'error' },
      properties: { tags: ['security'], 'security-severity': SECURITY_SEVERITY.error },
    },
  ];
  const head = JSON.stringify({
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: 'palisade', version: VERSION, semanticVersion: VERSION, informationUri: 'https://github.com/palisade-security/palisade', rules: driverRules } },
      originalUriBaseIds: { '%SRCROOT%': { uri: dirUri(cwd) } },
      results: [],
    }],
  }, null, 2);
  // everything up to the empty results array, which the results fill
  write(head.slice(0, head.lastIndexOf('"results": []')) + '"results": [');
  const notifications: unknown[] = [];
  let n = 0;
  const result = (x: unknown) => write((n++ ? ',\n' : '\n') + indent(JSON.stringify(x, null, 2), '        '));
  return {
    file(r) {
      for (const f of r.findings) {
        result({
          ruleId: f.ruleId,
          ruleIndex: used.get(f.ruleId),
          level: SARIF_LEVEL[f.severity],
          message: { text: f.message },
          locations: [{
            physicalLocation: {
              artifactLocation: location(r.file),
              region: { startLine: f.range.start.line + 1, startColumn: f.range.start.character + 1, endLine: f.range.end.line + 1, endColumn: f.range.end.character + 1 },
            },
          }],
          partialFingerprints: { 'palisade/v1': `${f.ruleId}:${f.resource ? `${f.resource.kind}/${f.resource.namespace}/${f.resource.name}` : ''}:${f.message}` },
          ...(f.related?.length ? { relatedLocations: f.related.map((x, i) => ({ id: i + 1, message: { text: x.message }, physicalLocation: { artifactLocation: location(x.file), region: { startLine: x.range.start.line + 1, startColumn: x.range.start.character + 1 } } })) } : {}),
        });
      }
      for (const e of r.errors) {
        const physicalLocation = { artifactLocation: location(r.file), region: { startLine: e.range.start.line + 1, startColumn: e.range.start.character + 1 } };
        result({
          ruleId: NOT_ANALYSED_RULE,
          ruleIndex: used.get(NOT_ANALYSED_RULE),
          level: 'error',
          message: { text: e.message },
          locations: [{ physicalLocation }],
          partialFingerprints: { 'palisade/v1': `${NOT_ANALYSED_RULE}::${e.message}` },
        });
        notifications.push({ level: 'error', message: { text: e.message }, locations: [{ physicalLocation }] });
      }
    },
    end() {
      const inv = JSON.stringify([{ executionSuccessful: true, toolExecutionNotifications: notifications }], null, 2);
      write((n ? '\n      ]' : ']') + ',\n      "invocations": ' + indent(inv, '      ').slice(6) + '\n    }\n  ]\n}\n');
    },
  };
}

export function toSarif(report: ScanReport, rules: RuleMeta[], cwd = process.cwd()): string {
  let out = '';
  const w = sarifWriter((s) => { out += s; }, rules, cwd);
  for (const r of report.results) w.file(r);
  w.end();
  return out.slice(0, -1);
}

/**
 * The text report: `file:line:col severity ruleId message` per finding or file error, as each file
 * comes, then a summary line. File names and messages have their control characters escaped.
 */
export function textWriter(write: (s: string) => void, color: boolean, cwd = process.cwd()): ReportWriter {
  const c = (code: string, s: string) => (color ? `\x1b[${code}m${s}\x1b[0m` : s);
  const sevColor: Record<Severity, string> = { error: '31', warning: '33', info: '36' };
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  let errs = 0;
  let filesWith = 0;
  let files = 0;
  return {
    file(r) {
      files++;
      const lines: string[] = [];
      // a name outside the current directory (/dev/stdin, /dev/fd/63) stays as it was given
      const relative = path.relative(cwd, path.resolve(cwd, r.file));
      const rel = escapeControl(!relative || (relative.startsWith('..') && path.isAbsolute(r.file)) ? r.file : relative);
      for (const e of r.errors) {
        errs++;
        lines.push(`${c('1', `${rel}:${e.range.start.line + 1}:${e.range.start.character + 1}`)} ${c('35', 'error')} ${c('2', 'not-analysed')} ${escapeControl(e.message)}`);
      }
      const sorted = [...r.findings].sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
      if (sorted.length) filesWith++;
      for (const f of sorted) {
        counts[f.severity]++;
        const fix = f.fixes.some((x) => !x.title.startsWith('Disable ')) ? c('32', ' [fixable]') : '';
        lines.push(`${c('1', `${rel}:${f.range.start.line + 1}:${f.range.start.character + 1}`)} ${c(sevColor[f.severity], f.severity)} ${c('2', escapeControl(f.ruleId))} ${escapeControl(f.message)}${fix}`);
      }
      if (lines.length) write(lines.join('\n') + '\n');
    },
    end() {
      const total = counts.error + counts.warning + counts.info;
      write('\n' + (total === 0 && errs === 0
        ? c('32', `No problems found in ${files} file(s).`)
        : `${c('1', `${total} problem(s)`)} (${c('31', `${counts.error} error`)}, ${c('33', `${counts.warning} warning`)}, ${c('36', `${counts.info} info`)}) in ${filesWith} of ${files} file(s)${errs ? `, ${errs} file error(s) (content not analysed)` : ''}.`) + '\n');
    },
  };
}

export function toText(report: ScanReport, color: boolean, cwd = process.cwd()): string {
  let out = '';
  const w = textWriter((s) => { out += s; }, color, cwd);
  for (const r of report.results) w.file(r);
  w.end();
  return out;
}

export function rulesMarkdown(rules: RuleMeta[]): string {
  const rows = rules.map((r) => `| [${r.id}](${r.id}.md) | \`${r.name}\` | ${r.title} | ${r.severity} | ${r.references.pss ? `${r.references.pss.level}: ${r.references.pss.control}` : ''} | ${r.fix ? r.fix.applicability : ''} |`);
  return ['| id | name | title | severity | Pod Security Standard | fix |', '|---|---|---|---|---|---|', ...rows].join('\n') + '\n';
}
