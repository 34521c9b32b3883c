import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { allRules } from '../../server/src/engine/rules';
import type { Rule } from '../../server/src/engine/rule';

// Guard rails for the rule tree (#19): new rules follow one naming and placement convention, and the exceptions that
// exist today are listed here explicitly, so the list can only shrink (a renamed file must leave it, a stale entry fails).
const RULES_DIR = path.resolve(__dirname, '..', '..', 'server', 'src', 'engine', 'rules');
const ID = /^(K8S|RBAC|NET|CP|DF|IST|SPF|VLT|GK|FAL|GHA|YAML|SEC)(\d{3})$/;
const RULE_FILE = /^((?:K8S|RBAC|NET|CP|DF|IST|SPF|VLT|GK|FAL|GHA|YAML|SEC)\d{3})-([a-z0-9]+(?:-[a-z0-9]+)*)\.ts$/;

/** The folder(s) a rule id prefix lives in. K8S001-019 (the Pod Security Standards checks) are in pss/. */
const FOLDERS: Record<string, string[]> = {
  K8S: ['pss', 'k8s'], YAML: ['yaml'], RBAC: ['rbac'], NET: ['network'], CP: ['controlplane'], DF: ['dockerfile'],
  IST: ['mesh'], SEC: ['mesh'], SPF: ['mesh'], VLT: ['mesh'], FAL: ['policy'], GK: ['policy'], GHA: ['gha'],
};

/** Rule files whose slug is not the rule's meta.name: none (#19 renamed the last 92). A rule lives in `<ID>-<meta.name>.ts`. */
const SLUG_EXCEPTIONS: Record<string, string> = {};

/**
 * Files named like rule files that hold helpers or several rules (K8S1xx-workspace.ts, NET05x-rules.ts, ...), as of #19.
 * Do NOT add to this list: helpers get a plain name (util.ts, image.ts), one rule per file.
 */
const RULE_LIKE_HELPERS = new Set<string>();

function tsFiles(dir: string, rel = ''): string[] {
  return fs.readdirSync(path.join(dir, rel), { withFileTypes: true }).flatMap((e) => {
    const r = rel ? `${rel}/${e.name}` : e.name;
    return e.isDirectory() ? tsFiles(dir, r) : e.name.endsWith('.ts') ? [r] : [];
  });
}

function isRule(x: unknown): x is Rule {
  return !!x && typeof x === 'object' && 'meta' in x && typeof (x as Rule).meta?.id === 'string';
}

/** For every registered rule, the rule files (named `<ID>-...ts`) that export it, found by loading each module. */
function ruleHomes(): Map<Rule, string[]> {
  const homes = new Map<Rule, string[]>();
  for (const file of tsFiles(RULES_DIR)) {
    if (!RULE_FILE.test(path.basename(file))) continue;
    const mod = require(path.join(RULES_DIR, file)) as Record<string, unknown>;
    for (const v of Object.values(mod)) {
      for (const x of Array.isArray(v) ? v : [v]) {
        if (!isRule(x)) continue;
        const list = homes.get(x) ?? [];
        if (!list.includes(file)) list.push(file);
        homes.set(x, list);
      }
    }
  }
  return homes;
}

describe('rule tree conventions (#19)', () => {
  const homes = ruleHomes();

  it('ids and names are unique, ids are well formed', () => {
    const ids = allRules.map((r) => r.meta.id);
    const names = allRules.map((r) => r.meta.name);
    assert.deepStrictEqual(ids.filter((id, i) => ids.indexOf(id) !== i), [], 'duplicate ids');
    assert.deepStrictEqual(names.filter((n, i) => names.indexOf(n) !== i), [], 'duplicate names');
    assert.deepStrictEqual(ids.filter((id) => !ID.test(id)), [], 'ids not of the form FAMILY000');
  });

  it('every rule has a title and docs (description, rationale, remediation)', () => {
    const missing: string[] = [];
    for (const { meta: m } of allRules) {
      if (!m.title?.trim()) missing.push(`${m.id}: title`);
      else if (m.title !== m.title.trim() || /\.$/.test(m.title) || m.title.length > 100) missing.push(`${m.id}: title "${m.title}" (one line of at most 100 characters, no trailing period)`);
      for (const k of ['description', 'rationale', 'remediation'] as const) if (!m.docs?.[k]?.trim()) missing.push(`${m.id}: docs.${k}`);
    }
    assert.deepStrictEqual(missing, []);
  });

  it('every rule lives in one file <ID>-<slug>.ts in its family folder', () => {
    const problems: string[] = [];
    for (const r of allRules) {
      const files = homes.get(r) ?? [];
      const own = files.filter((f) => !RULE_LIKE_HELPERS.has(f));
      if (own.length !== 1) { problems.push(`${r.meta.id}: exported by ${own.length ? own.join(', ') : 'no rule file'} (want one ${r.meta.id}-${r.meta.name}.ts)`); continue; }
      const [folder, base] = own[0].split('/');
      const m = RULE_FILE.exec(base ?? '');
      if (!m || m[1] !== r.meta.id) problems.push(`${r.meta.id}: in ${own[0]}, whose id is ${m?.[1]}`);
      const prefix = ID.exec(r.meta.id)?.[1] ?? '';
      if (!(FOLDERS[prefix] ?? []).includes(folder)) problems.push(`${r.meta.id}: in ${folder}/, want ${(FOLDERS[prefix] ?? ['?']).join(' or ')}/`);
    }
    assert.deepStrictEqual(problems, []);
  });

  it('a rule file is named <ID>-<meta.name>.ts (except the files listed in SLUG_EXCEPTIONS, which may only shrink)', () => {
    const wrong: string[] = [];
    const byId = new Map(allRules.map((r) => [r.meta.id, r] as const));
    for (const r of allRules) {
      const file = (homes.get(r) ?? []).find((f) => !RULE_LIKE_HELPERS.has(f));
      if (!file) continue; // reported by the placement test
      const slug = RULE_FILE.exec(path.basename(file))?.[2];
      const allowed = SLUG_EXCEPTIONS[r.meta.id];
      if (allowed !== undefined) {
        if (slug === r.meta.name) wrong.push(`${r.meta.id}: ${file} now matches meta.name; remove it from SLUG_EXCEPTIONS`);
        else if (slug !== allowed) wrong.push(`${r.meta.id}: ${file} is listed in SLUG_EXCEPTIONS as '${allowed}'; name it ${r.meta.id}-${r.meta.name}.ts instead`);
      } else if (slug !== r.meta.name) wrong.push(`${r.meta.id}: ${file} should be ${r.meta.id}-${r.meta.name}.ts`);
    }
    for (const id of Object.keys(SLUG_EXCEPTIONS)) if (!byId.has(id)) wrong.push(`SLUG_EXCEPTIONS lists ${id}, which is not a registered rule`);
    assert.deepStrictEqual(wrong, []);
  });

  it('files named like rules hold one registered rule (helper files named like rules are only the listed ones)', () => {
    const registered = new Set<Rule>(allRules);
    const problems: string[] = [];
    const exported = new Map<string, Rule[]>();
    for (const [r, files] of homes) for (const f of files) exported.set(f, [...(exported.get(f) ?? []), r]);
    for (const file of tsFiles(RULES_DIR)) {
      if (!RULE_FILE.test(path.basename(file))) continue;
      if (RULE_LIKE_HELPERS.has(file)) continue;
      const rules = exported.get(file) ?? [];
      if (rules.length !== 1) problems.push(`${file}: exports ${rules.length} rules`);
      else if (!registered.has(rules[0])) problems.push(`${file}: ${rules[0].meta.id} is not in the registry (server/src/engine/rules/index.ts)`);
    }
    for (const f of RULE_LIKE_HELPERS) if (!fs.existsSync(path.join(RULES_DIR, f))) problems.push(`RULE_LIKE_HELPERS lists ${f}, which no longer exists; remove it`);
    for (const file of tsFiles(RULES_DIR)) {
      if (/^[A-Z]+\d*x+-/.test(path.basename(file)) && !RULE_LIKE_HELPERS.has(file)) problems.push(`${file}: a helper named like a rule file; give it a plain name`);
    }
    assert.deepStrictEqual(problems, []);
  });

  it('a family folder never imports another family\'s folder: helpers more than one family uses live in rules/shared/', () => {
    const families = new Set(fs.readdirSync(RULES_DIR, { withFileTypes: true }).filter((e) => e.isDirectory() && e.name !== 'shared').map((e) => e.name));
    const cross: string[] = [];
    for (const file of tsFiles(RULES_DIR)) {
      const folder = file.split('/')[0];
      const text = fs.readFileSync(path.join(RULES_DIR, file), 'utf8');
      for (const m of text.matchAll(/from\s+'\.\.\/([a-z0-9]+)\/([^']+)'/g)) {
        // shared/ imports no family; a family imports shared/ and itself only
        if (m[1] !== folder && families.has(m[1])) cross.push(`${file} imports ../${m[1]}/${m[2]}`);
      }
    }
    assert.deepStrictEqual(cross, []);
  });

  it('every rule is defined with defineRule (directly or through a family framework built on it)', () => {
    const builders = /\b(k8sMeta|familyMeta|pssMeta|dfRule|podRule|objectRule|objRule|docRule|workspaceRule|wsRule)\b/;
    const old: string[] = [];
    for (const file of tsFiles(RULES_DIR)) if (builders.test(fs.readFileSync(path.join(RULES_DIR, file), 'utf8'))) old.push(file);
    assert.deepStrictEqual(old, []);
    for (const file of tsFiles(RULES_DIR)) {
      if (!RULE_FILE.test(path.basename(file))) continue;
      const text = fs.readFileSync(path.join(RULES_DIR, file), 'utf8');
      assert.match(text, /export default (defineRule|pssRule|componentRule|workflowRule|falcoRule|spireRule|pspRule|pspBoolRule)\(/, `${file}: export default defineRule(...)`);
    }
  });
});

describe('every rule goes through the RuleTester (#19)', () => {
  it("every registered rule has a runRuleTests('<ID>', ...) call under test/", () => {
    const TEST_DIR = path.resolve(__dirname, '..');
    const called = new Set<string>();
    for (const file of tsFiles(TEST_DIR)) {
      if (file.startsWith('fixtures/') || file.includes('/fixtures/')) continue;
      // a call in a line comment does not count
      const text = fs.readFileSync(path.join(TEST_DIR, file), 'utf8').replace(/^\s*\/\/.*$/gm, '');
      for (const m of text.matchAll(/\brunRuleTests\(\s*(['"`])([A-Z][A-Z0-9]*\d{3})\1/g)) called.add(m[2]);
    }
    // a rule whose cases are built in a loop or a helper still names its id at the call: runRuleTests('K8S060', cases(...))
    assert.deepStrictEqual(allRules.map((r) => r.meta.id).filter((id) => !called.has(id)), [], 'rules without a runRuleTests call (test/ruleTester.ts takes cross-file cases as `files: {path: text}`)');
  });
});
