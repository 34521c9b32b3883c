import { defineRule } from '../../rule';
import { isFinal } from './util';
import { lineage, baseImage, expand, Instr, DockerfileModel, Stage } from '../../dockerfile/model';
import type { FixDef } from '../../types';

/** Base images that do not run as root by default. */
export function nonRootBase(s: Stage): boolean {
  const img = baseImage(s);
  if (!img) return false;
  const n = img.name;
  const tag = img.tag ?? '';
  return /(^|[-_.])nonroot($|[-_.])/.test(tag) || /(^|\/)windows\/nanoserver$|(^|\/)nanoserver$/.test(n) || /unprivileged|rootless/.test(n) || n.startsWith('bitnami/') || (img.registry === 'cgr.dev' && !/-dev$/.test(tag));
}

/** 'alpine' | 'debian' | null: the OS family of a stage's base image, for the user-creation line. */
export function osFamily(s: Stage): 'alpine' | 'debian' | null {
  const img = baseImage(s);
  if (!img) return null;
  const t = `${img.name}:${img.tag ?? ''}`;
  if (/alpine/.test(t)) return 'alpine';
  if (/(^|\/)(debian|ubuntu)(:|$)|bookworm|bullseye|buster|trixie|jammy|focal|noble|slim/.test(t)) return 'debian';
  if (/^(node|python|golang|ruby|php|perl|openjdk|eclipse-temurin|rust|gcc|buildpack-deps|nginx|httpd|maven|gradle)$/.test(img.name)) return 'debian';
  return null;
}

function insertionPoint(df: DockerfileModel, s: Stage, after?: Instr): { at: number; prefix: string } {
  const last = (k: string) => [...s.instructions].reverse().find((i) => i.keyword === k);
  const cands = [last('CMD'), last('ENTRYPOINT')].filter((i): i is Instr => !!i && (!after || i.index > after.index));
  if (cands.length) {
    const first = cands.reduce((a, b) => (a.index < b.index ? a : b));
    return { at: df.lines.lineStart(first.loc[0]), prefix: '' };
  }
  const lastIns = s.instructions[s.instructions.length - 1];
  const end = df.lines.lineOf(lastIns.loc[1]);
  const at = end + 1 < df.lines.lineCount ? df.lines.lineStarts[end + 1] : df.text.length;
  const needsEol = at === df.text.length && df.text.length > 0 && !/[\r\n]$/.test(df.text);
  return { at, prefix: needsEol ? df.lines.eol : '' };
}

function fixes(df: DockerfileModel, s: Stage, after?: Instr): FixDef[] {
  const { at, prefix } = insertionPoint(df, s, after);
  const eol = df.lines.eol;
  const out: FixDef[] = [{ title: 'Add `USER 10001:10001` (a non-root user id) before the final CMD/ENTRYPOINT', applicability: 'unsafe', edits: [{ start: at, end: at, newText: `${prefix}USER 10001:10001${eol}` }] }];
  const os = osFamily(s);
  if (os === 'alpine') out.push({ title: 'Create user `app` (Alpine: addgroup/adduser) and switch to it before the final CMD/ENTRYPOINT', applicability: 'unsafe', edits: [{ start: at, end: at, newText: `${prefix}RUN addgroup -S app && adduser -S app -G app${eol}USER app${eol}` }] });
  if (os === 'debian') out.push({ title: 'Create user `app` (Debian/Ubuntu: groupadd/useradd) and switch to it before the final CMD/ENTRYPOINT', applicability: 'unsafe', edits: [{ start: at, end: at, newText: `${prefix}RUN groupadd -r app && useradd -r -g app app${eol}USER app${eol}` }] });
  return out;
}

export default defineRule('dockerfile', {
  id: 'DF001', name: 'root-user', title: 'The image runs as root', severity: 'warning',
  peers: ['hadolint:DL3002', 'checkov:CKV_DOCKER_3', 'checkov:CKV_DOCKER_8', 'trivy:DS-0002'], fix: 'unsafe',
  docs: {
    description: 'The final stage has no `USER` instruction (and its base image does not switch to a non-root user), or its last `USER` is `root` or `0`.',
    rationale: 'A container whose process runs as root turns any code-execution bug into root inside the container, and a container escape or a writable host mount into root on the node. Kubernetes `runAsNonRoot` rejects such images at start.',
    remediation: 'Create an unprivileged user and switch to it after the steps that need root, before `CMD`/`ENTRYPOINT`: `RUN addgroup -S app && adduser -S app -G app` (Alpine) or `RUN groupadd -r app && useradd -r -g app app` (Debian/Ubuntu), then `USER app`; or use a numeric id (`USER 10001:10001`).',
    example: { bad: 'FROM alpine:3.20\nCOPY app /app\nCMD ["/app"]\n', good: 'FROM alpine:3.20\nRUN addgroup -S app && adduser -S app -G app\nCOPY app /app\nUSER app\nCMD ["/app"]\n' },
  },
}, (df, ctx) => {
  const s = df.stages[df.stages.length - 1];
  if (!s || !isFinal(df, s)) return;
  for (const st of lineage(s)) {
    const users = st.instructions.filter((i) => i.keyword === 'USER' && i.args.length);
    const u = users[users.length - 1];
    if (!u) continue;
    const v = expand(u.args[0].value, u.vars);
    if (v === null) return;
    const name = v.split(':')[0].trim().toLowerCase();
    if (name === 'root' || /^0+$/.test(name) || name === 'containeradministrator') {
      ctx.report({
        loc: u.args[0].loc,
        message: `USER ${u.args[0].value} is the last USER of the final stage, so the container runs as root. Switch to a non-root user (for example USER 10001:10001, or a user you create) after the steps that need root.`,
        fixes: st === s ? fixes(df, s, u) : fixes(df, s),
      });
    }
    return;
  }
  if (nonRootBase(s)) return;
  ctx.report({
    loc: [s.from.keywordLoc[0], s.from.args[0]?.loc[1] ?? s.from.keywordLoc[1]],
    message: `The final stage (FROM ${s.from.args[0]?.value ?? ''}) sets no USER, so the container runs as root. Add a non-root USER before CMD/ENTRYPOINT (for example USER 10001:10001, or create a user and switch to it).`,
    fixes: fixes(df, s),
  });
});
