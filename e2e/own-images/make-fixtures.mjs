// Makes the pictures e2e/own-images.spec.ts opens (run once, results committed):
//   halves.png        48×32 PNG, top half white, bottom half black (pure Node: zlib + CRC).
//   exif-rotated.jpg  stored 40 wide × 20 tall, left half white, right half black, with an EXIF
//                     orientation tag of 6 ("rotate 90° clockwise to view"): shown upright it is
//                     20 wide × 40 tall with the white half on top. Encoded by Chromium's canvas
//                     (Playwright), then an EXIF APP1 segment is put after the JPEG's SOI marker.
// Usage: node e2e/own-images/make-fixtures.mjs
import { writeFileSync } from 'node:fs';
import { existsSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { chromium } from '@playwright/test';

const here = new URL('.', import.meta.url);

function crc32(buf) {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** An 8-bit RGB PNG of w×h from f(x, y) → [r, g, b]. */
function png(w, h, f) {
  const raw = Buffer.alloc(h * (1 + 3 * w));
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) raw.set(f(x, y), y * (1 + 3 * w) + 1 + 3 * x);
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** APP1 "Exif" with one IFD0 entry: Orientation (0x0112), SHORT, `value`. Big-endian TIFF. */
function exifOrientation(value) {
  const tiff = Buffer.from([
    0x4d,
    0x4d,
    0x00,
    0x2a,
    0,
    0,
    0,
    8, // "MM", 42, IFD0 at 8
    0,
    1, // one entry
    0x01,
    0x12,
    0,
    3,
    0,
    0,
    0,
    1,
    0,
    value,
    0,
    0, // Orientation = value
    0,
    0,
    0,
    0, // no next IFD
  ]);
  const body = Buffer.concat([Buffer.from('Exif\0\0', 'binary'), tiff]);
  const len = Buffer.alloc(2);
  len.writeUInt16BE(body.length + 2);
  return Buffer.concat([Buffer.from([0xff, 0xe1]), len, body]);
}

writeFileSync(
  new URL('halves.png', here),
  png(48, 32, (_, y) => (y < 16 ? [255, 255, 255] : [0, 0, 0])),
);

const executablePath = existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined;
const browser = await chromium.launch({ executablePath });
const page = await browser.newPage();
const dataUrl = await page.evaluate(() => {
  const c = document.createElement('canvas');
  c.width = 40;
  c.height = 20;
  const ctx = c.getContext('2d');
  ctx.fillStyle = '#000';
  ctx.fillRect(0, 0, 40, 20);
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, 20, 20);
  return c.toDataURL('image/jpeg', 0.95);
});
await browser.close();
const jpeg = Buffer.from(dataUrl.split(',')[1], 'base64');
writeFileSync(
  new URL('exif-rotated.jpg', here),
  Buffer.concat([jpeg.subarray(0, 2), exifOrientation(6), jpeg.subarray(2)]),
);
