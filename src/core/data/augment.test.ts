import { describe, expect, it } from 'vitest';
import { applyMove, augmented, moveOf } from './augment';
import type { Dataset } from './dataset';

/** Two 1×4×5 examples: pixel (y, x) of example i is 100·i + 10·y + x + 1. */
const grid: Dataset = {
  name: 'grid',
  shape: [1, 4, 5],
  classes: ['a', 'b'],
  size: 2,
  example(i, out, offset) {
    for (let y = 0; y < 4; y++)
      for (let x = 0; x < 5; x++) out[offset + y * 5 + x] = 100 * i + 10 * y + x + 1;
    return i;
  },
};

describe('moved copies of a dataset', () => {
  const opts = { maxShift: 2, copies: 50, seed: 9 };
  const d = augmented(grid, opts);

  it('whole-pixel shifts: every example `copies` times, each moved by its own shift (0-filled border)', () => {
    expect(d.size).toBe(100);
    const out = new Float32Array(20).fill(NaN);
    for (let j = 0; j < 100; j++) {
      expect(d.example(j, out, 0)).toBe(j % 2);
      const { dx, dy } = moveOf(opts, j);
      for (let y = 0; y < 4; y++)
        for (let x = 0; x < 5; x++) {
          const sy = y - dy;
          const sx = x - dx;
          const inside = sy >= 0 && sy < 4 && sx >= 0 && sx < 5;
          expect(out[y * 5 + x]).toBe(inside ? 100 * (j % 2) + 10 * sy + sx + 1 : 0);
        }
    }
  });

  it('draws every shift in −2 … 2 on each axis, the same for a seed, another for another seed', () => {
    const all = Array.from({ length: 400 }, (_, j) => moveOf(opts, j));
    expect(new Set(all.map((m) => m.dx))).toEqual(new Set([-2, -1, 0, 1, 2]));
    expect(new Set(all.map((m) => m.dy))).toEqual(new Set([-2, -1, 0, 1, 2]));
    expect(all.every((m) => m.turn === 0 && m.scale === 1)).toBe(true);
    expect(Array.from({ length: 400 }, (_, j) => moveOf(opts, j))).toEqual(all);
    const other = Array.from({ length: 400 }, (_, j) => moveOf({ ...opts, seed: 10 }, j));
    expect(other).not.toEqual(all);
  });

  it('turns and scales stay within their bounds', () => {
    const o = { ...opts, maxTurn: 10, maxScale: 0.1 };
    const all = Array.from({ length: 400 }, (_, j) => moveOf(o, j));
    expect(Math.max(...all.map((m) => Math.abs(m.turn)))).toBeLessThanOrEqual((10 * Math.PI) / 180);
    expect(Math.max(...all.map((m) => Math.abs(m.turn)))).toBeGreaterThan((9 * Math.PI) / 180);
    expect(Math.min(...all.map((m) => m.scale))).toBeGreaterThanOrEqual(0.9);
    expect(Math.max(...all.map((m) => m.scale))).toBeLessThanOrEqual(1.1);
  });

  it('a quarter turn of a 3×3 picture moves each pixel where a rotation puts it', () => {
    // 1 2 3 / 4 5 6 / 7 8 9 turned by +90° about the centre, clockwise on screen (y points
    // down): the left column 7 4 1, read upwards, becomes the top row.
    const src = Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const out = new Float32Array(9);
    applyMove(src, [1, 3, 3], { dx: 0, dy: 0, turn: Math.PI / 2, scale: 1 }, out, 0);
    const turned = [7, 4, 1, 8, 5, 2, 9, 6, 3];
    for (let k = 0; k < 9; k++) expect(out[k]).toBeCloseTo(turned[k], 9);
  });

  it('scaling by 2 about the centre keeps the centre and spreads the rest (bilinear)', () => {
    const src = Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const out = new Float32Array(9);
    applyMove(src, [1, 3, 3], { dx: 0, dy: 0, turn: 0, scale: 2 }, out, 0);
    // Output (0, 0) reads the source at (0.5, 0.5): the mean of 1, 2, 4, 5.
    expect(out[4]).toBeCloseTo(5, 9);
    expect(out[0]).toBeCloseTo(3, 9);
    expect(out[8]).toBeCloseTo(7, 9);
  });

  it('refuses a fractional whole-pixel shift, no copies and a scale change of 100%', () => {
    expect(() => augmented(grid, { ...opts, maxShift: 0.5 })).toThrow(/whole number/);
    expect(() => augmented(grid, { ...opts, copies: 0 })).toThrow(/copies/);
    expect(() => augmented(grid, { ...opts, maxScale: 1 })).toThrow(/scale/);
  });
});
