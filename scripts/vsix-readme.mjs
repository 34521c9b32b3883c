// The README packaged in the VSIX (npm run package: vsce --readme-path out/vsix/README.md): the
// Extensions page shows it in a webview whose Content-Security-Policy allows images from https: and
// data: only, with no base URL, so a relative image is broken there and a GitHub one is broken
// offline. Each image of README.md that is a file of this repository is embedded as a data: URI;
// relative links point at the repository on GitHub, as vsce's --baseContentUrl wrote them before.
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const BASE = 'https://github.com/palisade-security/palisade/blob/main/';
const TYPES = { '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif' };

let text = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
let images = 0;
text = text.replace(/(!?)\[([^\]]*)\]\(([^)\s]+)\)/g, (all, bang, label, target) => {
  if (/^[a-z][a-z0-9+.-]*:|^#/i.test(target)) return all; // absolute or an anchor
  const file = path.join(ROOT, decodeURI(target.split('#')[0]));
  if (bang) {
    const type = TYPES[path.extname(file).toLowerCase()];
    if (!type || !fs.existsSync(file)) throw new Error(`README.md: image ${target} is not a PNG/JPEG/GIF file of the repository`);
    images++;
    return `![${label}](data:${type};base64,${fs.readFileSync(file).toString('base64')})`;
  }
  return `[${label}](${BASE}${path.posix.normalize(target)})`;
});
const out = path.join(ROOT, 'out', 'vsix', 'README.md');
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, text);
console.log(`wrote ${path.relative(ROOT, out)} (${images} image(s) embedded, ${text.length} characters)`);
