import { describe, expect, it } from 'vitest';
import { centreOfMass, digitSteps, inkBox } from './digit';
import { picture, type Picture } from './picture';

const gray = (w: number, h: number, f: (x: number, y: number) => number): Picture => {
  const p = picture(w, h, 1);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) p.data[y * w + x] = f(x, y);
  return p;
};

/** Float64 centre of mass, pixel centres at +0.5, written out again for the test. */
function mass64(p: Picture): [number, number] {
  let m = 0;
  let sx = 0;
  let sy = 0;
  p.data.forEach((v, i) => {
    const x = (i % p.width) + 0.5;
    const y = Math.floor(i / p.width) + 0.5;
    m += v;
    sx += v * x;
    sy += v * y;
  });
  return [sx / m, sy / m];
}

// A 40-wide, 80-tall block of ink at (30, 60) on a 200×200 black picture.
const block = (x: number, y: number) => (x >= 30 && x < 70 && y >= 60 && y < 140 ? 1 : 0);

describe('digit recipe', () => {
  it('the ink box of a 40×80 block is exactly the block, scaled to 10×20 (w×h)', () => {
    const d = digitSteps(gray(200, 200, block));
    expect(d.inverted).toBe(false);
    expect(d.box).toEqual({ x: 30, y: 60, width: 40, height: 80 });
    expect([d.scaled.width, d.scaled.height]).toEqual([10, 20]);
    expect(Math.max(...d.scaled.data)).toBeCloseTo(1, 6);
  });
  it('centre of mass of the block lands at (14, 14) ± 0.5 in the 28×28 field', () => {
    const d = digitSteps(gray(200, 200, block));
    const [x, y] = mass64(d.centred);
    expect(Math.abs(x - 14)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(y - 14)).toBeLessThanOrEqual(0.5);
    expect(d.mass![0]).toBeCloseTo(x, 4);
  });
  it('a lopsided L shape: longer side 20, mass at (14, 14) ± 0.5, not the box centre', () => {
    // Vertical bar 10×60 and a foot 50×10 at the bottom.
    const L = (x: number, y: number) =>
      (x >= 20 && x < 30 && y >= 20 && y < 80) || (x >= 20 && x < 70 && y >= 70 && y < 80) ? 1 : 0;
    const d = digitSteps(gray(120, 100, L));
    expect(d.box).toEqual({ x: 20, y: 20, width: 50, height: 60 });
    expect(Math.max(d.scaled.width, d.scaled.height)).toBe(20);
    expect(d.scaled.height).toBe(20);
    expect(d.scaled.width).toBe(17); // round(20 · 50/60)
    const [x, y] = mass64(d.centred);
    expect(Math.abs(x - 14)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(y - 14)).toBeLessThanOrEqual(0.5);
  });
  it('a dark digit on light paper is inverted first, with the same box', () => {
    const paper = digitSteps(gray(200, 200, (x, y) => 0.9 - 0.8 * block(x, y)));
    expect(paper.inverted).toBe(true);
    expect(paper.background).toBeCloseTo(0.1, 6);
    expect(paper.box).toEqual({ x: 30, y: 60, width: 40, height: 80 });
    expect(Math.max(...paper.centred.data)).toBeCloseTo(1, 5);
  });
  it('a few specks of noise do not stretch the threshold-free box', () => {
    const noisy = gray(200, 200, (x, y) => block(x, y) || (x === 190 && y === 5 ? 0.5 : 0));
    expect(inkBox(noisy)).toEqual({ x: 30, y: 60, width: 40, height: 80 });
  });
  it('no ink at all gives an empty field and no box', () => {
    const d = digitSteps(gray(50, 50, () => 0));
    expect(d.box).toBeNull();
    expect(d.centred.data.every((v) => v === 0)).toBe(true);
    expect(centreOfMass(d.centred)).toBeNull();
  });
});
