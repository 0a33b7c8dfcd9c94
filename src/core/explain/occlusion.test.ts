import { describe, expect, it } from 'vitest';
import { classProbability, occlude, occlusionGrid, occlusionHeat } from './occlusion';

describe('occlusion grid and patches', () => {
  it('x=[5,5] patch=2 stride=2: corners 0, 2 and a last one flush at 3', () => {
    const g = occlusionGrid(5, 5, 2, 2);
    expect([g.rows, g.cols]).toEqual([3, 3]);
    expect(g.positions.slice(0, 4).map((p) => [p.y, p.x])).toEqual([
      [0, 0],
      [0, 2],
      [0, 3],
      [2, 0],
    ]);
  });

  it('x=[6,6] patch=3 stride=3: exactly 2×2, no extra', () => {
    const g = occlusionGrid(6, 6, 3, 3);
    expect(g.positions.map((p) => [p.y, p.x])).toEqual([
      [0, 0],
      [0, 3],
      [3, 0],
      [3, 3],
    ]);
  });

  it('refuses a patch larger than the image or a zero stride', () => {
    expect(() => occlusionGrid(4, 4, 5, 1)).toThrow(/patch/);
    expect(() => occlusionGrid(4, 4, 2, 0)).toThrow(/stride/);
  });

  it('x=[1,3,3] patch=2 at (1,1): only that 2×2 block takes the source', () => {
    const image = Float32Array.from({ length: 9 }, (_, i) => i);
    const out = new Float32Array(11);
    occlude(
      image,
      new Float32Array(9).fill(-1),
      1,
      3,
      3,
      { y: 1, x: 1, row: 0, col: 0 },
      2,
      out,
      2,
    );
    expect([...out]).toEqual([0, 0, 0, 1, 2, 3, -1, -1, 6, -1, -1]);
  });

  it('heat: each pixel the mean drop of the patches covering it', () => {
    const g = occlusionGrid(3, 3, 2, 1); // corners (0,0) (0,1) (1,0) (1,1)
    const heat = occlusionHeat(g, [4, 0, 0, 0], 3, 3, 2);
    // (0,0) only under the first patch; (1,1) under all four.
    expect(heat[0]).toBe(4);
    expect(heat[4]).toBe(1);
    expect(heat[8]).toBe(0);
  });

  it('probability: softmax of one row', () => {
    const p = classProbability([0, 0, Math.log(2), 0, 0, 0], 3, 0, 2);
    expect(p).toBeCloseTo(0.5, 12);
  });
});
