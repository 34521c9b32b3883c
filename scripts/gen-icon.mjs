// Writes icon.png (the extension's 128x128 icon: a shield with a check mark) without any image
// library or download: the pixels are computed here, 4x4 supersampled, and encoded as PNG with zlib.
// Run: node scripts/gen-icon.mjs
import * as fs from 'fs';
import * as zlib from 'zlib';

const SIZE = 128;
const SS = 4;
const BG = [0, 0, 0, 0];
const RIM = [0x16, 0x3a, 0x5f, 255];
const FILL = [0x1f, 0x6f, 0xb2, 255];
const MARK = [255, 255, 255, 255];

/** Half-width of the shield at height y (0..1), or -1 outside it: flat top, straight sides, a rounded point. */
function halfWidth(y, inset = 0) {
  const top = 0.08 + inset, mid = 0.52, bottom = 0.94 - inset * 1.6;
  if (y < top || y > bottom) return -1;
  const w = 0.36 - inset;
  if (y <= mid) return w;
  const t = (y - mid) / (bottom - mid);
  return w * Math.sqrt(Math.max(0, 1 - t * t));
}
function segDist(px, py, ax, ay, bx, by) {
  const dx = bx - ax, dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - ax - t * dx, py - ay - t * dy);
}
function colorAt(x, y) {
  const hw = halfWidth(y);
  if (hw < 0 || Math.abs(x - 0.5) > hw) return BG;
  const inner = halfWidth(y, 0.045);
  if (inner < 0 || Math.abs(x - 0.5) > inner) return RIM;
  const d = Math.min(segDist(x, y, 0.33, 0.5, 0.45, 0.64), segDist(x, y, 0.45, 0.64, 0.68, 0.36));
  return d < 0.045 ? MARK : FILL;
}

const rows = [];
for (let py = 0; py < SIZE; py++) {
  const row = Buffer.alloc(1 + SIZE * 4); // filter byte 0 (none), then RGBA
  for (let px = 0; px < SIZE; px++) {
    const acc = [0, 0, 0, 0];
    for (let sy = 0; sy < SS; sy++) for (let sx = 0; sx < SS; sx++) {
      const c = colorAt((px + (sx + 0.5) / SS) / SIZE, (py + (sy + 0.5) / SS) / SIZE);
      acc[0] += c[0] * c[3]; acc[1] += c[1] * c[3]; acc[2] += c[2] * c[3]; acc[3] += c[3];
    }
    const a = acc[3] / (SS * SS);
    const o = 1 + px * 4;
    row[o] = acc[3] ? Math.round(acc[0] / acc[3]) : 0;
    row[o + 1] = acc[3] ? Math.round(acc[1] / acc[3]) : 0;
    row[o + 2] = acc[3] ? Math.round(acc[2] / acc[3]) : 0;
    row[o + 3] = Math.round(a);
  }
  rows.push(row);
}

const CRC = new Uint32Array(256).map((_, n) => { let c = n; for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1; return c >>> 0; });
function crc32(buf) { let c = 0xffffffff; for (const b of buf) c = CRC[(c ^ b) & 0xff] ^ (c >>> 8); return (c ^ 0xffffffff) >>> 0; }
function chunk(type, data) {
  const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4); crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(SIZE, 0); ihdr.writeUInt32BE(SIZE, 4);
ihdr[8] = 8; ihdr[9] = 6; ihdr[10] = 0; ihdr[11] = 0; ihdr[12] = 0; // 8-bit RGBA, no interlace
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', ihdr),
  chunk('IDAT', zlib.deflateSync(Buffer.concat(rows), { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
const out = new URL('../icon.png', import.meta.url);
fs.writeFileSync(out, png);
console.log(`wrote ${out.pathname} (${png.length} bytes)`);
