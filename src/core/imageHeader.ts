// What an image file is, from its first bytes, and its size where the header names it: so a
// file that is not an image, or one that would decode to a gigantic bitmap, is refused before
// the browser decodes anything. Pure byte reading (no DOM); formats the browser decodes.

export type ImageFormat = 'png' | 'jpeg' | 'gif' | 'webp' | 'bmp' | 'avif';

export interface ImageHeader {
  readonly format: ImageFormat;
  /** Pixels as stored (before any EXIF rotation); null when the header was not read that far. */
  readonly width: number | null;
  readonly height: number | null;
}

/** How many leading bytes to read: enough for a JPEG's EXIF block before its frame header. */
export const HEADER_BYTES = 256 * 1024;

const ascii = (b: Uint8Array, at: number, n: number) =>
  String.fromCharCode(...b.subarray(at, at + n));
const u16be = (b: Uint8Array, at: number) => (b[at] << 8) | b[at + 1];
const u16le = (b: Uint8Array, at: number) => b[at] | (b[at + 1] << 8);
const u24le = (b: Uint8Array, at: number) => b[at] | (b[at + 1] << 8) | (b[at + 2] << 16);
const u32be = (b: Uint8Array, at: number) =>
  ((b[at] << 24) >>> 0) + (b[at + 1] << 16) + u16be(b, at + 2);
const i32le = (b: Uint8Array, at: number) =>
  b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24);

const sized = (format: ImageFormat, width: number | null, height: number | null): ImageHeader => ({
  format,
  width,
  height,
});

/** A JPEG's frame size from its SOFn segment, walking the segments. */
function jpegSize(b: Uint8Array): [number, number] | null {
  let i = 2;
  while (i + 9 < b.length) {
    if (b[i] !== 0xff) return null;
    const m = b[i + 1];
    if (m === 0xff) {
      i++; // fill byte
      continue;
    }
    if (m === 0xd8 || m === 0x01 || (m >= 0xd0 && m <= 0xd7)) {
      i += 2; // markers without a length
      continue;
    }
    const sof = m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc;
    if (sof) return [u16be(b, i + 7), u16be(b, i + 5)];
    i += 2 + u16be(b, i + 2);
  }
  return null;
}

function webpSize(b: Uint8Array): [number, number] | null {
  const chunk = ascii(b, 12, 4);
  if (chunk === 'VP8 ' && b.length >= 30) return [u16le(b, 26) & 0x3fff, u16le(b, 28) & 0x3fff];
  if (chunk === 'VP8L' && b.length >= 25) {
    const [b0, b1, b2, b3] = b.subarray(21, 25);
    return [
      1 + (((b1 & 0x3f) << 8) | b0),
      1 + (((b3 & 0xf) << 10) | (b2 << 2) | ((b1 & 0xc0) >> 6)),
    ];
  }
  if (chunk === 'VP8X' && b.length >= 30) return [1 + u24le(b, 24), 1 + u24le(b, 27)];
  return null;
}

/** The image format and stored size, or null when these bytes are no image the app reads. */
export function readImageHeader(b: Uint8Array): ImageHeader | null {
  if (b.length >= 24 && u32be(b, 0) === 0x89504e47 && u32be(b, 4) === 0x0d0a1a0a)
    return sized('png', u32be(b, 16), u32be(b, 20));
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) {
    const s = jpegSize(b);
    return sized('jpeg', s?.[0] ?? null, s?.[1] ?? null);
  }
  if (b.length >= 10 && (ascii(b, 0, 6) === 'GIF87a' || ascii(b, 0, 6) === 'GIF89a'))
    return sized('gif', u16le(b, 6), u16le(b, 8));
  if (b.length >= 16 && ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 4) === 'WEBP') {
    const s = webpSize(b);
    return sized('webp', s?.[0] ?? null, s?.[1] ?? null);
  }
  if (b.length >= 26 && ascii(b, 0, 2) === 'BM')
    return sized('bmp', Math.abs(i32le(b, 18)), Math.abs(i32le(b, 22)));
  if (b.length >= 12 && ascii(b, 4, 4) === 'ftyp' && /^avi[fs]$/.test(ascii(b, 8, 4)))
    return sized('avif', null, null);
  return null;
}

/** What a file that is not a readable image seems to be, for the message ('a PDF document'). */
export function describeNonImage(b: Uint8Array, name: string): string {
  const head = ascii(b, 0, Math.min(b.length, 512));
  if (head.startsWith('%PDF')) return 'a PDF document';
  if (/<svg[\s>]/i.test(head)) return 'an SVG drawing';
  if (ascii(b, 4, 4) === 'ftyp' && /^(heic|heix|mif1|msf1|hevc)$/.test(ascii(b, 8, 4)))
    return 'a HEIC photo (this browser cannot decode HEIC)';
  if (ascii(b, 0, 2) === 'PK') return 'a ZIP archive';
  // Mostly printable ASCII / UTF-8: text.
  const sample = b.subarray(0, 512);
  const printable = sample.filter((x) => x === 9 || x === 10 || x === 13 || x >= 32).length;
  if (sample.length > 0 && printable / sample.length > 0.95) return 'text';
  const ext = /\.([A-Za-z0-9]{1,8})$/.exec(name)?.[1];
  return ext
    ? `a .${ext.toLowerCase()} file, not an image this app reads`
    : 'not an image this app reads';
}
