import { describe, expect, it } from 'vitest';
import { picture, type Picture } from './picture';
import { axisTaps, resize } from './resize';

/** Independent float64 area average: each output pixel integrates its source rectangle. */
function areaAverage(src: Picture, w: number, h: number): Float64Array {
  const out = new Float64Array(w * h);
  const sx = src.width / w;
  const sy = src.height / h;
  for (let oy = 0; oy < h; oy++)
    for (let ox = 0; ox < w; ox++) {
      let sum = 0;
      for (let y = 0; y < src.height; y++) {
        const cy = Math.min((oy + 1) * sy, y + 1) - Math.max(oy * sy, y);
        if (cy <= 0) continue;
        for (let x = 0; x < src.width; x++) {
          const cx = Math.min((ox + 1) * sx, x + 1) - Math.max(ox * sx, x);
          if (cx > 0) sum += cx * cy * src.data[y * src.width + x];
        }
      }
      out[oy * w + ox] = sum / (sx * sy);
    }
  return out;
}

const gray = (w: number, h: number, f: (x: number, y: number) => number): Picture => {
  const p = picture(w, h, 1);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) p.data[y * w + x] = f(x, y);
  return p;
};

describe('axisTaps', () => {
  it('4 → 2 shrinks by averaging pairs', () => {
    expect(axisTaps(4, 2)).toEqual([
      { first: 0, weights: [0.5, 0.5] },
      { first: 2, weights: [0.5, 0.5] },
    ]);
  });
  it('3 → 2 weighs the shared middle sample by its overlap (2/3, 1/3 | 1/3, 2/3)', () => {
    const t = axisTaps(3, 2);
    expect(t[0].first).toBe(0);
    expect(t[0].weights[0]).toBeCloseTo(2 / 3, 12);
    expect(t[0].weights[1]).toBeCloseTo(1 / 3, 12);
    expect(t[1].first).toBe(1);
    expect(t[1].weights[0]).toBeCloseTo(1 / 3, 12);
  });
  it('every shrink tap sums to 1 (7 → 3, 1000 → 32)', () => {
    for (const [s, d] of [
      [7, 3],
      [1000, 32],
      [4000, 32],
    ])
      for (const t of axisTaps(s, d))
        expect(t.weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
  });
  it('2 → 4 enlarges bilinearly with half-pixel centres, clamped: 0, .25, .75, 1', () => {
    const p = resize(
      gray(2, 1, (x) => x),
      4,
      1,
    );
    expect([...p.data]).toEqual([0, 0.25, 0.75, 1]);
  });
});

describe('resize', () => {
  it('37×23 → 10×7 equals a float64 area integral', () => {
    const src = gray(37, 23, (x, y) => Math.sin(x * 1.3) * Math.cos(y * 0.7) + (x * y) / 851);
    const got = resize(src, 10, 7);
    const want = areaAverage(src, 10, 7);
    got.data.forEach((v, i) => expect(v).toBeCloseTo(want[i], 5));
  });
  it('same size is the identity', () => {
    const src = gray(5, 4, (x, y) => x + 10 * y);
    expect(resize(src, 5, 4)).toBe(src);
  });
  it('a 4000×3000 one-pixel checkerboard shrunk to 32×32 is flat gray (no aliasing)', () => {
    const src = gray(4000, 3000, (x, y) => (x + y) % 2);
    const out = resize(src, 32, 32);
    for (const v of out.data) expect(Math.abs(v - 0.5)).toBeLessThan(0.01);
  });
  it('RGB planes are resized independently', () => {
    const p = picture(2, 2, 3);
    p.data.set([1, 1, 1, 1, 0, 0, 0, 0, 0.5, 0.5, 0.5, 0.5]);
    expect([...resize(p, 1, 1).data]).toEqual([1, 0, 0.5]);
  });
});
