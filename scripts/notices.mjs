// Third-party notices for the bundles: esbuild inlines the code of these packages into dist/*.js
// (MIT, ISC), and their licences ask that the copyright and permission notice go with every copy.
// Built from esbuild's metafile: every package an input of a bundle comes from, with the licence
// text from its own directory. A bundled package without a licence file fails the build.
import { readFileSync, readdirSync, existsSync } from 'fs';
import * as path from 'path';

/** Package directories (node_modules/<name> or node_modules/@scope/<name>) of a metafile's inputs. */
export function bundledPackages(metafile, root) {
  const dirs = new Map();
  for (const input of Object.keys(metafile.inputs)) {
    const p = input.replace(/\\/g, '/');
    const i = p.lastIndexOf('node_modules/');
    if (i < 0) continue;
    const parts = p.slice(i + 'node_modules/'.length).split('/');
    const name = parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
    const dir = path.resolve(root, p.slice(0, i + 'node_modules/'.length) + name);
    dirs.set(dir, name);
  }
  return [...dirs].map(([dir, name]) => ({ name, dir })).sort((a, b) => a.name.localeCompare(b.name) || a.dir.localeCompare(b.dir));
}

const LICENCE_FILE = /^(licen[cs]e|copying|notice)(\.(md|txt|markdown))?$/i;

/** The notices text: one section per package (name, version, licence, its licence files verbatim). */
export function thirdPartyNotices(packages) {
  const seen = new Set();
  const parts = [
    'Third-party software bundled in Palisade',
    '',
    'dist/client.js, dist/server.js and dist/cli.js include code from the packages below, under',
    'their licences, reproduced here. Palisade itself is licensed under the Apache License 2.0 (LICENSE).',
    '',
  ];
  for (const { name, dir } of packages) {
    const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
    const key = `${name}@${pkg.version}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const files = existsSync(dir) ? readdirSync(dir).filter((f) => LICENCE_FILE.test(f)).sort() : [];
    if (!files.length) throw new Error(`${name} ${pkg.version} (${dir}) is bundled but has no licence file to reproduce`);
    const licence = typeof pkg.license === 'string' ? pkg.license : pkg.license?.type ?? 'see below';
    parts.push('-'.repeat(78), `${name} ${pkg.version} (${licence})${pkg.repository ? ` ${typeof pkg.repository === 'string' ? pkg.repository : pkg.repository.url}` : ''}`, '-'.repeat(78), '');
    for (const f of files) parts.push(readFileSync(path.join(dir, f), 'utf8').replace(/\r\n/g, '\n').trimEnd(), '');
  }
  return parts.join('\n') + '\n';
}
