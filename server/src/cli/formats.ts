import * as path from 'path';
import type { FileResult, Severity, RuleMeta } from '../engine/types';
import { VERSION, ruleDocUrl } from '../engine/version';

export interface ScanReport { results: FileResult[] }

export function toJson(report: ScanReport): string {
  return JSON.stringify({
    version: 1,
    tool: { name: 'palisade', version: VERSION },
    results: report.results.map((r) => ({
      file: r.file,
      findings: r.findings.map((f) => ({
        ruleId: f.ruleId,
        name: f.name,
        severity: f.severity,
        message: f.message,
        range: f.range,
        resource: f.resource,
        references: f.references,
        fixes: f.fixes.map((x) => ({ title: x.title, applicability: x.applicability })),
        ...(f.related?.length ? { related: f.related } : {}),
      })),
      errors: r.errors,
    })),
  }, null, 2);
}

const SARIF_LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'note' };
const SECURITY_SEVERITY: Record<Severity, string> = { error: '8.0', warning: '5.5', info: '2.0' };

export function toSarif(report: ScanReport, rules: RuleMeta[], cwd = process.cwd()): string {
  const used = new Map<string, number>();
  const ruleList = rules.map((r, i) => { used.set(r.id, i); return r; });
  const uri = (f: string) => path.relative(cwd, path.resolve(cwd, f)).split(path.sep).join('/');
  const results = report.results.flatMap((r) => [
    ...r.findings.map((f) => ({
      ruleId: f.ruleId,
      ruleIndex: used.get(f.ruleId),
      level: SARIF_LEVEL[f.severity],
      message: { text: f.message },
      locations: [{
        physicalLocation: {
          artifactLocation: { uri: uri(r.file), uriBaseId: '%SRCROOT%' },
          region: { startLine: f.range.start.line + 1, startColumn: f.range.start.character + 1, endLine: f.range.end.line + 1, endColumn: f.range.end.character + 1 },
        },
      }],
      partialFingerprints: { 'palisade/v1': `${f.ruleId}:${f.resource ? `${f.resource.kind}/${f.resource.namespace}/${f.resource.name}` : ''}:${f.message}` },
      ...(f.related?.length ? { relatedLocations: f.related.map((x, i) => ({ id: i + 1, message: { text: x.message }, physicalLocation: { artifactLocation: { uri: uri(x.file), uriBaseId: '%SRCROOT%' }, region: { startLine: x.range.start.line + 1, startColumn: x.range.start.character + 1 } } })) } : {}),
    })),
  ]);
  const notifications = report.results.flatMap((r) => r.errors.map((e) => ({
    level: 'error',
    message: { text: e.message },
    locations: [{ physicalLocation: { artifactLocation: { uri: uri(r.file), uriBaseId: '%SRCROOT%' }, region: { startLine: e.range.start.line + 1, startColumn: e.range.start.character + 1 } } }],
  })));
  return JSON.stringify({
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'palisade',
          version: VERSION,
          semanticVersion: VERSION,
          informationUri: 'https://github.com/palisade-security/palisade',
          rules: ruleList.map((m) => ({
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
        },
      },
      invocations: [{ executionSuccessful: true, toolExecutionNotifications: notifications }],
      originalUriBaseIds: { '%SRCROOT%': { uri: 'file://' + cwd.split(path.sep).join('/').replace(/\/?$/, '/') } },
      results,
    }],
  }, null, 2);
}

export function toText(report: ScanReport, color: boolean, cwd = process.cwd()): string {
  const c = (code: string, s: string) => (color ? `\x1b[${code}m${s}\x1b[0m` : s);
  const sevColor: Record<Severity, string> = { error: '31', warning: '33', info: '36' };
  const lines: string[] = [];
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  let errs = 0;
  let filesWith = 0;
  for (const r of report.results) {
    const rel = path.relative(cwd, path.resolve(cwd, r.file)) || r.file;
    for (const e of r.errors) {
      errs++;
      lines.push(`${c('1', `${rel}:${e.range.start.line + 1}:${e.range.start.character + 1}`)} ${c('35', 'error')} ${c('2', 'parse')} ${e.message}`);
    }
    const sorted = [...r.findings].sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
    if (sorted.length) filesWith++;
    for (const f of sorted) {
      counts[f.severity]++;
      const fix = f.fixes.some((x) => !x.title.startsWith('Disable ')) ? c('32', ' [fixable]') : '';
      lines.push(`${c('1', `${rel}:${f.range.start.line + 1}:${f.range.start.character + 1}`)} ${c(sevColor[f.severity], f.severity)} ${c('2', f.ruleId)} ${f.message}${fix}`);
    }
  }
  const total = counts.error + counts.warning + counts.info;
  lines.push('');
  lines.push(total === 0 && errs === 0
    ? c('32', `No problems found in ${report.results.length} file(s).`)
    : `${c('1', `${total} problem(s)`)} (${c('31', `${counts.error} error`)}, ${c('33', `${counts.warning} warning`)}, ${c('36', `${counts.info} info`)}) in ${filesWith} of ${report.results.length} file(s)${errs ? `, ${errs} file error(s)` : ''}.`);
  return lines.join('\n') + '\n';
}

export function rulesMarkdown(rules: RuleMeta[]): string {
  const rows = rules.map((r) => `| [${r.id}](${r.id}.md) | \`${r.name}\` | ${r.title} | ${r.severity} | ${r.references.pss ? `${r.references.pss.level}: ${r.references.pss.control}` : ''} | ${r.fix ? r.fix.applicability : ''} |`);
  return ['| id | name | title | severity | Pod Security Standard | fix |', '|---|---|---|---|---|---|', ...rows].join('\n') + '\n';
}
