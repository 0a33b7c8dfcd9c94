import { describe, expect, it } from 'vitest';
import { describeNonImage, readImageHeader } from './imageHeader';
import { headerRefusal, keptSize, pixelRefusal, sizeRefusal } from './ownImage';

const bytes = (...parts: (number[] | string)[]) =>
  new Uint8Array(
    parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : p)),
  );
const be32 = (n: number) => [n >>> 24, (n >> 16) & 255, (n >> 8) & 255, n & 255];
const le16 = (n: number) => [n & 255, n >> 8];
const le32 = (n: number) => [...le16(n & 0xffff), ...le16(n >>> 16)];

describe('readImageHeader', () => {
  it('PNG: IHDR width and height', () => {
    const png = bytes([0x89], 'PNG', [13, 10, 26, 10], be32(13), 'IHDR', be32(640), be32(480));
    expect(readImageHeader(png)).toEqual({ format: 'png', width: 640, height: 480 });
  });
  it('JPEG: skips APP1 (EXIF) and reads the SOF0 frame size', () => {
    const app1 = [0xff, 0xe1, 0, 8, ...bytes('Exif', [0, 0])];
    const sof0 = [0xff, 0xc0, 0, 17, 8, ...[0x0b, 0xb8], ...[0x0f, 0xa0], 3, 0, 0, 0, 0, 0, 0];
    const jpeg = new Uint8Array([0xff, 0xd8, ...app1, ...sof0]);
    expect(readImageHeader(jpeg)).toEqual({ format: 'jpeg', width: 4000, height: 3000 });
  });
  it('GIF, BMP and WebP (VP8X)', () => {
    expect(readImageHeader(bytes('GIF89a', le16(10), le16(20)))).toMatchObject({
      width: 10,
      height: 20,
    });
    const bmp = bytes('BM', new Array(16).fill(0), le32(30), le32(-40));
    expect(readImageHeader(bmp)).toEqual({ format: 'bmp', width: 30, height: 40 });
    const webp = bytes('RIFF', le32(0), 'WEBPVP8X', le32(10), [0, 0, 0, 0], [99, 0, 0], [49, 0, 0]);
    expect(readImageHeader(webp)).toEqual({ format: 'webp', width: 100, height: 50 });
  });
  it('text, PDF and nothing are no image, and say what they are', () => {
    for (const b of [bytes('hello world\n'), bytes('%PDF-1.7 ...'), new Uint8Array(0)])
      expect(readImageHeader(b)).toBeNull();
    expect(describeNonImage(bytes('%PDF-1.7'), 'a.pdf')).toBe('a PDF document');
    expect(describeNonImage(bytes('just some notes'), 'notes.txt')).toBe('text');
    expect(describeNonImage(bytes('<svg xmlns="">'), 'x.svg')).toBe('an SVG drawing');
    expect(describeNonImage(new Uint8Array([0, 1, 2, 200]), 'a.bin')).toContain('.bin');
  });
});

describe('own image refusals', () => {
  it('empty and too large files; too many pixels; unknown types', () => {
    expect(sizeRefusal(0)).toContain('empty');
    expect(sizeRefusal(1000)).toBeNull();
    expect(sizeRefusal(30 * 2 ** 20)).toContain('25 MB');
    expect(pixelRefusal(4000, 3000)).toBeNull();
    expect(pixelRefusal(10000, 5000)).toContain('40.0 megapixels');
    expect(headerRefusal(null, bytes('%PDF'), 'x.pdf')).toContain('PDF');
    expect(
      headerRefusal({ format: 'png', width: 20000, height: 20000 }, new Uint8Array(), 'p'),
    ).toContain('20000×20000');
  });
  it('a decoded image is kept at most 2048 on its longer side', () => {
    expect(keptSize(4000, 3000)).toEqual({ width: 2048, height: 1536 });
    expect(keptSize(640, 480)).toEqual({ width: 640, height: 480 });
  });
});
