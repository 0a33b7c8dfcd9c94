import { describe, expect, it } from 'vitest';
import type { Dataset } from './dataset';
import { classCounts, classSubset } from './subset';

// 12 one-pixel examples; example i has label i mod 4 and pixel value i.
const toy: Dataset = {
  name: 'toy',
  shape: [1, 1, 1],
  classes: ['a', 'b', 'c', 'd'],
  size: 12,
  example(i, out, off) {
    out[off] = i;
    return i % 4;
  },
};
const all = (d: Dataset) => {
  const out = new Float32Array(1);
  return Array.from({ length: d.size }, (_, i) => {
    const label = d.example(i, out, 0);
    return [out[0], label];
  });
};

describe('classSubset', () => {
  it('keeps classes c, b (relabelled 0, 1) in source order', () => {
    const s = classSubset(toy, { classes: [2, 1] });
    expect(s.classes).toEqual(['c', 'b']);
    expect(all(s)).toEqual([
      [1, 1],
      [2, 0],
      [5, 1],
      [6, 0],
      [9, 1],
      [10, 0],
    ]);
  });
  it('perClass 2 keeps the first two of each class', () => {
    const s = classSubset(toy, { classes: [3, 0], perClass: 2 });
    expect(all(s)).toEqual([
      [0, 1],
      [3, 0],
      [4, 1],
      [7, 0],
    ]);
    expect(classCounts(s)).toEqual([2, 2]);
  });
  it('refuses a class the set does not have, or one asked twice', () => {
    expect(() => classSubset(toy, { classes: [4] })).toThrow(/no class 4/);
    expect(() => classSubset(toy, { classes: [1, 1] })).toThrow(/twice/);
  });
});
