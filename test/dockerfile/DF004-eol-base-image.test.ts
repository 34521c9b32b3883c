/**
 * DF004's end-of-life table (server/src/engine/dockerfile/eol-data.ts) checked against its source, the
 * endoflife.date front matters kept verbatim in fixtures/endoflife-date/ (MIT, see NOTICE there), so
 * that a date cannot drift from what the source says (#20).
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { COMPILED, EOL_PRODUCTS, EolLine } from '../../server/src/engine/dockerfile/eol-data';
import { runRuleTests } from '../ruleTester';

const DIR = path.join(__dirname, 'fixtures', 'endoflife-date');
const EOL_DATA = path.join(__dirname, '..', '..', 'server', 'src', 'engine', 'dockerfile', 'eol-data.ts');
type SourceRelease = { releaseCycle: string; releaseDate: string; eol: string | boolean; eoes?: string | boolean; codename?: string };
const source = (name: string): SourceRelease[] => {
  const doc = parse(fs.readFileSync(path.join(DIR, `${name}.yaml`), 'utf8')) as { releases: SourceRelease[] };
  return doc.releases.map((r) => ({ ...r, releaseCycle: String(r.releaseCycle) }));
};
const line = (product: string, cycle: string): EolLine => {
  const l = EOL_PRODUCTS[product].lines.find((x) => x.cycle === cycle);
  assert.ok(l, `${product} ${cycle} is not in the table`);
  return l;
};
const cmp = (a: string, b: string) => {
  const x = a.split('.').map(Number), y = b.split('.').map(Number);
  for (let i = 0; i < Math.max(x.length, y.length); i++) { const d = (x[i] ?? 0) - (y[i] ?? 0); if (d) return d; }
  return 0;
};

/** Table product -> source file and the source field its `eol` is taken from. */
const SOURCES: Record<string, { file: string; field: 'eol' | 'eoes' }> = {
  golang: { file: 'go', field: 'eol' },
  node: { file: 'nodejs', field: 'eol' },
  python: { file: 'python', field: 'eol' },
  'eclipse-temurin': { file: 'eclipse-temurin', field: 'eol' },
  alpine: { file: 'alpine-linux', field: 'eol' },
  debian: { file: 'debian', field: 'eoes' }, // Debian LTS
  ubuntu: { file: 'ubuntu', field: 'eol' }, // standard support, not ESM
  nginx: { file: 'nginx', field: 'eol' },
};

describe('DF004 end-of-life table against endoflife.date', () => {
  it('the notice names the snapshot the table says it was compiled from, and COMPILED is its date', () => {
    const notice = fs.readFileSync(path.join(DIR, 'NOTICE'), 'utf8');
    const commit = /^commit: ([0-9a-f]{40})$/m.exec(notice)?.[1], date = /^date: (\d{4}-\d{2}-\d{2})$/m.exec(notice)?.[1];
    assert.ok(commit && date, 'NOTICE has commit: and date: lines');
    assert.strictEqual(COMPILED, date);
    assert.ok(fs.readFileSync(EOL_DATA, 'utf8').includes(`commit ${commit}`), 'eol-data.ts names the same commit');
    assert.ok(fs.existsSync(path.join(DIR, 'LICENSE')));
    // A snapshot of that date knows no release after it.
    for (const { file } of [...Object.values(SOURCES), { file: 'openjdk-builds-from-oracle' }]) {
      for (const r of source(file)) assert.ok(String(r.releaseDate) <= COMPILED, `${file} ${r.releaseCycle} released ${r.releaseDate}, after ${COMPILED}`);
    }
  });

  // A handful of well-known facts, as read in the source: the table and the fixture must both say them.
  const FACTS: [product: string, cycle: string, what: 'released' | 'eol', value: string][] = [
    ['python', '3.8', 'eol', '2024-10-07'],
    ['python', '3.5', 'eol', '2020-09-30'],
    ['node', '18', 'eol', '2025-04-30'],
    ['node', '26', 'released', '2026-05-05'],
    ['debian', '10', 'eol', '2024-06-30'], // end of Debian LTS for buster
    ['debian', '11', 'eol', '2026-08-31'],
    ['alpine', '3.18', 'eol', '2025-05-09'],
    ['ubuntu', '20.04', 'eol', '2025-05-31'],
    ['ubuntu', '22.04', 'eol', '2027-04-01'],
    ['golang', '1.22', 'eol', '2025-02-11'],
    ['golang', '1.25', 'eol', '2026-08-19'],
    ['eclipse-temurin', '8', 'eol', '2030-12-31'],
    ['eclipse-temurin', '21', 'eol', '2029-12-31'],
    ['nginx', '1.27', 'eol', '2025-06-24'],
  ];
  for (const [product, cycle, what, value] of FACTS) {
    it(`${SOURCES[product].file} ${cycle}: ${what} ${value}`, () => {
      assert.strictEqual(line(product, cycle)[what], value, 'table');
      const r = source(SOURCES[product].file).find((x) => x.releaseCycle === cycle);
      assert.ok(r, 'in the source');
      assert.strictEqual(String(what === 'released' ? r.releaseDate : r[SOURCES[product].field]), value, 'source');
    });
  }

  for (const [product, { file, field }] of Object.entries(SOURCES)) {
    it(`every ${product} row is the source's ${file}.md row (releaseDate, ${field}, codename)`, () => {
      const rows = new Map(source(file).map((r) => [r.releaseCycle, r]));
      for (const l of EOL_PRODUCTS[product].lines) {
        const r = rows.get(l.cycle);
        assert.ok(r, `${product} ${l.cycle} is not in ${file}.md`);
        assert.strictEqual(l.released, String(r.releaseDate), `${product} ${l.cycle} released`);
        const eol = r[field];
        if (eol === false) assert.ok(l.eol > COMPILED, `${product} ${l.cycle}: the source announces no end yet, so the projected ${l.eol} must be after ${COMPILED}`);
        else assert.strictEqual(l.eol, String(eol), `${product} ${l.cycle} ${field}`);
        if (r.codename) assert.deepStrictEqual(l.aliases, [r.codename.split(' ')[0].toLowerCase()], `${product} ${l.cycle} codename`);
      }
    });

    it(`no ${product} line of the source is missing inside the table's range, and rows are in version order`, () => {
      const cycles = EOL_PRODUCTS[product].lines.map((l) => l.cycle);
      assert.deepStrictEqual(cycles, [...cycles].sort(cmp));
      const lo = cycles[0], hi = cycles[cycles.length - 1];
      const inRange = source(file).map((r) => r.releaseCycle).filter((c) => cmp(c, lo) >= 0 && cmp(c, hi) <= 0).sort(cmp);
      assert.deepStrictEqual(cycles, inRange);
    });
  }

  it('openjdk rows: JDK GA dates from the source; end of updates of the deprecated Docker image', () => {
    const oracle = new Map(source('openjdk-builds-from-oracle').map((r) => [r.releaseCycle, r]));
    const jdk8 = source('oracle-jdk').find((r) => r.releaseCycle === '8');
    for (const l of EOL_PRODUCTS.openjdk.lines) {
      const r = l.cycle === '8' ? jdk8 : oracle.get(l.cycle);
      assert.ok(r, `openjdk ${l.cycle} is not in the source`);
      assert.strictEqual(l.released, String(r.releaseDate), `openjdk ${l.cycle} released`);
      const n = Number(l.cycle);
      // 8 and 11: last update July 2022 (deprecation notice); 9, 10, 12-18: jdk.java.net builds, until the next GA;
      // 19 on: early-access-only tags, removed at GA.
      const expected = n === 8 || n === 11 ? '2022-08-01' : n <= 18 ? String(r.eol) : String(r.releaseDate);
      assert.strictEqual(l.eol, expected, `openjdk ${l.cycle} eol`);
    }
    const cycles = EOL_PRODUCTS.openjdk.lines.map((l) => l.cycle);
    const known = [...oracle.keys()].filter((c) => cmp(c, cycles[0]) >= 0);
    assert.deepStrictEqual(cycles.slice(1), known.sort(cmp), 'every openjdk line from 9 to the newest the source knows');
  });
});

// What the corrections change in findings (each of these was wrong with the table compiled from memory).
const file = 'Dockerfile';
const at = (today: string) => ({ today });
runRuleTests('DF004', {
  valid: [
    { name: 'eclipse-temurin 8 is supported until 2030-12-31, not 2026-12-01', file, code: 'FROM eclipse-temurin:8-jre\n', settings: at('2026-12-06') },
    { name: 'nginx 1.29 ends when 1.31 ships (2026-05-13), not with 1.28', file, code: 'FROM nginx:1.29-alpine\n', settings: at('2026-05-01') },
    { name: 'Debian 12 LTS runs to 2028-06-30', file, code: 'FROM debian:bookworm-slim\n', settings: at('2028-06-29') },
  ],
  invalid: [
    {
      name: 'Ubuntu 22.04 standard support ended 2027-04-01', file, code: 'FROM ubuntu:jammy\n', settings: at('2027-04-15'),
      errors: [{ message: 'Ubuntu 22.04 reached end of life on 2027-04-01 (newest supported line: 26.04)', line: 1, column: 6 }],
    },
    {
      name: 'an interim Ubuntu inside the range (19.10) and its codename', file, code: 'FROM ubuntu:19.10\nFROM ubuntu:eoan\n', settings: at('2026-12-06'),
      errors: [{ message: 'Ubuntu 19.10 reached end of life on 2020-07-06', line: 1, column: 6 }, { message: 'Ubuntu 19.10 reached end of life on 2020-07-06', line: 2, column: 6 }],
    },
    {
      name: 'Python 3.4 and Node.js 11, inside the range, are listed', file, code: 'FROM python:3.4-slim\nFROM node:11\n', settings: at('2026-12-06'),
      errors: [{ message: 'Python 3.4 reached end of life on 2019-03-18', line: 1, column: 6 }, { message: 'Node.js 11 reached end of life on 2019-06-30', line: 2, column: 6 }],
    },
    {
      name: 'Debian 10 LTS ended on 2024-06-30', file, code: 'FROM debian:buster\n', settings: at('2024-06-30'),
      errors: [{ message: 'Debian 10 reached end of life on 2024-06-30 (newest supported line: 12)', line: 1, column: 6 }],
    },
    {
      name: 'openjdk early-access tags end at GA', file, code: 'FROM openjdk:25-ea-jdk-slim\n', settings: at('2026-12-06'),
      errors: [{ message: 'OpenJDK (deprecated Docker image) 25 reached end of life on 2025-09-16', line: 1, column: 6 }],
    },
  ],
});
