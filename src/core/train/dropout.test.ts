// The dropout mask: reference values of the hash (pinned, so a change to it is deliberate: the
// WGSL twin must change with it), the empirical drop rate near p, masks of different steps and
// seeds as unrelated as independent coins, and the threshold and scale at the ends of p's range.

import { describe, expect, it } from 'vitest';
import { dropoutHash, dropoutKeeps, dropoutScale, dropoutThreshold } from './dropout';

const N = 100_000;

function dropRate(p: number, seed: number, step: number): number {
  const t = dropoutThreshold(p);
  let dropped = 0;
  for (let i = 0; i < N; i++) if (!dropoutKeeps(t, seed, step, i)) dropped++;
  return dropped / N;
}

describe('dropout mask hash', () => {
  it('pinned values, as an independent big-integer (Python) evaluation of the same definition gives', () => {
    // The WGSL hash is held to the TypeScript bits by the GPU test; these pin the definition.
    expect([0, 1, 2, 0xffffffff].map((i) => dropoutHash(0, 0, i))).toEqual([
      2706402621, 4078405730, 3191953351, 16663096,
    ]);
    expect(dropoutHash(123, 456, 789)).toBe(550863992);
  });

  it('u32 results for any u32 inputs', () => {
    for (const v of [0, 1, 0x7fffffff, 0x80000000, 0xffffffff]) {
      const h = dropoutHash(v, v ^ 0x5555, 0xffffffff - v);
      expect(Number.isInteger(h) && h >= 0 && h <= 0xffffffff).toBe(true);
    }
  });

  it.each([0.05, 0.1, 0.5, 0.9, 0.99])(
    'p=%s: the drop rate over 100,000 values is within 5σ of p',
    (p) => {
      const sigma = Math.sqrt((p * (1 - p)) / N);
      for (const [seed, step] of [
        [0, 0],
        [1, 1],
        [0xdeadbeef, 12345],
      ]) {
        expect(Math.abs(dropRate(p, seed, step) - p)).toBeLessThan(5 * sigma);
      }
    },
  );

  it('p=0 keeps everything', () => {
    expect(dropRate(0, 7, 7)).toBe(0);
  });

  it('masks of consecutive steps, of neighbouring seeds and of a shifted index agree as independent coins would', () => {
    const p = 0.5;
    const t = dropoutThreshold(p);
    const agree = (a: (i: number) => boolean, b: (i: number) => boolean) => {
      let same = 0;
      for (let i = 0; i < N; i++) if (a(i) === b(i)) same++;
      return same / N;
    };
    const expected = p * p + (1 - p) * (1 - p);
    const sigma = Math.sqrt((expected * (1 - expected)) / N);
    const keep =
      (seed: number, step: number, shift = 0) =>
      (i: number) =>
        dropoutKeeps(t, seed, step, i + shift);
    for (const step of [0, 1, 1000]) {
      expect(Math.abs(agree(keep(3, step), keep(3, step + 1)) - expected)).toBeLessThan(5 * sigma);
      expect(Math.abs(agree(keep(3, step), keep(4, step)) - expected)).toBeLessThan(5 * sigma);
      // Not a shifted copy of the next step's mask (what i + f(step) would give).
      for (const shift of [1, 2, 17]) {
        expect(Math.abs(agree(keep(3, step + 1), keep(3, step, shift)) - expected)).toBeLessThan(
          5 * sigma,
        );
      }
    }
  });

  it('threshold ⌊p·2³²⌋ and scale f32(1/(1 − p)); p outside [0, 1) is refused', () => {
    expect(dropoutThreshold(0)).toBe(0);
    expect(dropoutThreshold(0.5)).toBe(2 ** 31);
    expect(dropoutThreshold(0.99)).toBeLessThan(2 ** 32);
    expect(dropoutScale(0.5)).toBe(2);
    expect(dropoutScale(0.1)).toBe(Math.fround(1 / 0.9));
    expect(() => dropoutThreshold(1)).toThrow();
    expect(() => dropoutThreshold(-0.1)).toThrow();
  });
});
