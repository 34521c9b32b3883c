import { defineRule } from '../../rule';
import { EOL_PRODUCTS, OS_TAG_HINTS, COMPILED, EolProduct, EolLine } from '../../dockerfile/eol-data';
import type { ImageRef } from '../../dockerfile/model';

function productOf(img: ImageRef): [string, EolProduct] | undefined {
  const name = img.name.replace(/^(docker\/library|library)\//, '');
  for (const [k, p] of Object.entries(EOL_PRODUCTS)) if (p.images.includes(name)) return [k, p];
  return undefined;
}

function cmpVersion(a: string, b: string): number {
  const x = a.split('.').map(Number), y = b.split('.').map(Number);
  for (let i = 0; i < Math.max(x.length, y.length); i++) { const d = (x[i] ?? 0) - (y[i] ?? 0); if (d) return d; }
  return 0;
}

/** The release line a tag names, or undefined when the tag does not pin one (latest, lts, 3). */
export function lineOf(p: EolProduct, tag: string): { line: EolLine | null; version: string } | undefined {
  const t = tag.toLowerCase();
  for (const l of p.lines) for (const a of l.aliases ?? []) if (t === a || t.startsWith(a + '-')) return { line: l, version: l.cycle };
  const m = /^v?(\d+)(?:\.(\d+))?/.exec(t);
  if (!m) return undefined;
  const version = p.granularity === 'major' ? m[1] : m[2] !== undefined ? `${m[1]}.${m[2]}` : undefined;
  if (version === undefined) return undefined;
  const line = p.lines.find((l) => cmpVersion(l.cycle, version) === 0);
  if (line) return { line, version };
  const oldest = [...p.lines].sort((a, b) => cmpVersion(a.cycle, b.cycle))[0];
  if (p.olderThanListed && cmpVersion(version, oldest.cycle) < 0) return { line: null, version };
  return undefined;
}

/** The supported line with the latest end of life among those already released on `today` (the --as-of date, or the real one). */
function newestSupported(p: EolProduct, today: string): EolLine | undefined {
  return p.lines.filter((l) => l.released <= today && l.eol > today).sort((a, b) => (a.eol < b.eol ? 1 : -1))[0];
}

export default defineRule('dockerfile', {
  id: 'DF004', name: 'eol-base-image', title: 'Base image on an end-of-life release', severity: 'warning',
  peers: [],
  docs: {
    description: `A \`FROM\` image (golang, node, python, eclipse-temurin, openjdk, alpine, debian, ubuntu, nginx), or the OS named in its tag (\`-alpine3.16\`, \`-buster\`, \`-focal\`), is a release line past its end-of-life date. The dates come from a table in the repository (server/src/engine/dockerfile/eol-data.ts, taken from the endoflife.date project as of ${COMPILED}) and are compared with today's date (or the \`--as-of\` date); the newest supported line the message names is one already released on that date.`,
    rationale: 'An end-of-life release gets no security fixes: every vulnerability found after that date stays in your image, and scanners will report them with no fixed version to move to.',
    remediation: 'Move to a supported release line (the message names the newest one in the table), rebuild, and test.',
    example: { bad: 'FROM node:16-alpine\n', good: 'FROM node:22-alpine\n' },
  },
}, (df, ctx) => {
  const today = df.today.toISOString().slice(0, 10);
  for (const s of df.stages) {
    const img = s.image;
    if (!img || s.parent || s.scratch || img.resolved === null || !img.tag) continue;
    const hits: string[] = [];
    const check = (p: EolProduct, tag: string, label: string) => {
      const r = lineOf(p, tag);
      if (!r) return;
      const eol = r.line ? r.line.eol : [...p.lines].sort((a, b) => cmpVersion(a.cycle, b.cycle))[0].eol;
      if (eol > today) return;
      const next = newestSupported(p, today);
      hits.push(`${label} ${r.line ? r.line.cycle : r.version} ${r.line ? `reached end of life on ${eol}` : `is older than ${p.lines[0].cycle}, which reached end of life by ${eol}`}${next ? ` (newest supported line: ${next.cycle})` : ''}`);
    };
    const prod = productOf(img);
    if (prod) check(prod[1], img.tag, prod[1].label);
    if (!prod || (prod[0] !== 'alpine' && prod[0] !== 'debian' && prod[0] !== 'ubuntu')) {
      for (const h of OS_TAG_HINTS) {
        const m = h.re.exec(img.tag.toLowerCase());
        if (m) check(EOL_PRODUCTS[h.product], m[1], EOL_PRODUCTS[h.product].label);
      }
    }
    if (hits.length) ctx.report({ loc: img.loc, message: `FROM ${img.resolved}: ${hits.join('; ')}. It gets no security fixes; move to a supported release.` });
  }
});
