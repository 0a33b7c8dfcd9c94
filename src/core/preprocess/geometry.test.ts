import { describe, expect, it } from 'vitest';
import { centreCrop, fitAspect, letterboxRect } from './geometry';
import { picture } from './picture';

/** A 1-channel w×h picture whose value is its column index + 1 (so 0 means "padding"). */
const columns = (w: number, h: number) => {
  const p = picture(w, h, 1);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) p.data[y * w + x] = x + 1;
  return p;
};

describe('crop', () => {
  it('400×200 to a square takes the middle 200×200', () => {
    expect(centreCrop(400, 200, 32, 32)).toEqual({ x: 100, y: 0, width: 200, height: 200 });
    const out = fitAspect(columns(400, 200), 32, 32, 'crop');
    expect([out.width, out.height]).toEqual([200, 200]);
    expect(out.data[0]).toBe(101); // column 100
    expect(out.data[199]).toBe(300); // column 299
  });
  it('200×400 to 2:1 (w:h) keeps the full width, middle 100 rows', () => {
    expect(centreCrop(200, 400, 64, 32)).toEqual({ x: 0, y: 150, width: 200, height: 100 });
  });
  it('an odd remainder leaves the extra pixel on the right: 5×2 to square → x 1..2', () => {
    expect(centreCrop(5, 2, 1, 1)).toEqual({ x: 1, y: 0, width: 2, height: 2 });
  });
});

describe('letterbox', () => {
  it('400×200 to a square pads 100 rows above and below with 0', () => {
    expect(letterboxRect(400, 200, 32, 32)).toEqual({
      width: 400,
      height: 400,
      at: { x: 0, y: 100, width: 400, height: 200 },
    });
    const out = fitAspect(columns(400, 200), 32, 32, 'letterbox');
    expect([out.width, out.height]).toEqual([400, 400]);
    const row = (y: number) => out.data.subarray(y * 400, (y + 1) * 400);
    expect(row(0).every((v) => v === 0)).toBe(true);
    expect(row(99).every((v) => v === 0)).toBe(true);
    expect(row(100)[0]).toBe(1);
    expect(row(299)[399]).toBe(400);
    expect(row(300).every((v) => v === 0)).toBe(true);
    expect(row(399).every((v) => v === 0)).toBe(true);
  });
  it('stretch and an aspect that already fits return the picture itself', () => {
    const p = columns(400, 200);
    expect(fitAspect(p, 32, 32, 'stretch')).toBe(p);
    expect(fitAspect(p, 64, 32, 'crop')).toBe(p);
  });
});
