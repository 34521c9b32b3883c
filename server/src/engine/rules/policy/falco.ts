/** Falco rules files: a YAML sequence of `rule`, `macro` and `list` items (https://falco.org/docs/reference/rules/). */
import type { DocModel } from '../../yaml/parse';
import type { YView } from '../../yaml/nodes';
import { FALCO_STABLE_NAMES, FALCO_INCUBATING_NAMES, FALCO_SANDBOX_NAMES, FALCO_K8SAUDIT_NAMES, FALCO_STABLE_ENABLED_RULES } from './falco-upstream';

const TOP = new Set(['rule', 'macro', 'list', 'required_engine_version', 'required_plugin_versions']);

export interface FalcoItem { kind: 'rule' | 'macro' | 'list'; name: string; view: YView; nameView: YView }

/** Items of a Falco rules document, or undefined when the document is not a Falco rules file. */
export function falcoItems(doc: DocModel): FalcoItem[] | undefined {
  const root = doc.root;
  if (!root.isSeq) return undefined;
  const items = root.items();
  if (!items.length) return undefined;
  const out: FalcoItem[] = [];
  for (const i of items) {
    if (!i.isMap) return undefined;
    const keys = i.entries().map(([k]) => k);
    const top = keys.filter((k) => TOP.has(k));
    if (top.length !== 1) return undefined;
    const kind = top[0];
    if (kind === 'rule' || kind === 'macro' || kind === 'list') {
      const nv = i.get(kind);
      out.push({ kind, name: nv.str ?? '', view: i, nameView: nv });
    }
  }
  return out.length ? out : undefined;
}

/** Whether an item appends to or overrides a definition made elsewhere (then it may be partial). */
export function isPartial(i: FalcoItem): boolean {
  return i.view.get('append').bool === true || i.view.get('override').isMap;
}

export const PRIORITIES = ['emergency', 'alert', 'critical', 'error', 'warning', 'notice', 'informational', 'info', 'debug'];

/**
 * Macro and list names of the upstream rulesets (falcosecurity/rules falco_rules.yaml, its incubating
 * and sandbox files, every release, and the k8saudit plugin's rules): see falco-upstream.ts for origin and licence.
 */
export const DEFAULT_NAMES: ReadonlySet<string> = new Set([...FALCO_STABLE_NAMES, ...FALCO_INCUBATING_NAMES, ...FALCO_SANDBOX_NAMES, ...FALCO_K8SAUDIT_NAMES]);

const OPS = new Set(['and', 'or', 'not', 'in', 'intersects', 'pmatch', 'exists', 'contains', 'icontains', 'bcontains', 'startswith', 'bstartswith', 'endswith', 'glob', 'iglob', 'regex']);
const COMPARE = new Set(['in', 'intersects', 'pmatch', 'contains', 'icontains', 'bcontains', 'startswith', 'bstartswith', 'endswith', 'glob', 'iglob', 'regex', '=', '==', '!=', '<', '<=', '>', '>=']);

export interface CondRef { name: string; kind: 'macro' | 'list'; start: number; end: number }

/**
 * Names a condition refers to: macros (bare identifiers in boolean position) and lists (a bare
 * identifier alone inside `in (...)`-style value lists). Offsets are into the condition string.
 */
export function conditionRefs(cond: string): CondRef[] {
  const toks: { v: string; s: number; e: number; str?: boolean }[] = [];
  const re = /\s+|"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|[()=,]|!=|<=|>=|==|<|>|[^\s()=,<>!"']+|!/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(cond))) {
    if (/^\s+$/.test(m[0])) continue;
    toks.push({ v: m[0], s: m.index, e: m.index + m[0].length, str: m[0][0] === '"' || m[0][0] === "'" });
  }
  const out: CondRef[] = [];
  const stack: ('bool' | 'values')[] = [];
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    if (t.v === '(') { stack.push(COMPARE.has(toks[i - 1]?.v ?? '') ? 'values' : 'bool'); continue; }
    if (t.v === ')') { stack.pop(); continue; }
    if (t.str || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(t.v) || OPS.has(t.v)) continue;
    const prev = toks[i - 1]?.v;
    const next = toks[i + 1]?.v;
    if (stack[stack.length - 1] === 'values') {
      if (prev === '(' && next === ')' && t.v.includes('_')) out.push({ name: t.v, kind: 'list', start: t.s, end: t.e });
      continue;
    }
    const boolBefore = prev === undefined || prev === '(' || prev === 'and' || prev === 'or' || prev === 'not';
    const boolAfter = next === undefined || next === ')' || next === 'and' || next === 'or';
    if (boolBefore && boolAfter) out.push({ name: t.v, kind: 'macro', start: t.s, end: t.e });
  }
  return out;
}

/** Default Falco rules whose disabling removes a security detection: the rules falco_rules.yaml enables (see falco-upstream.ts). */
export const DEFAULT_RULES: ReadonlySet<string> = new Set(FALCO_STABLE_ENABLED_RULES);
