import { describe, expect, it } from 'vitest';
import { capturedDatasets, capturedRefusal, type CapturedClasses } from './captured';

const pic = (v: number) => new Float32Array([v, v, v, v]);
const classes = (counts: number[]): CapturedClasses => ({
  names: counts.map((_, k) => `c${k}`),
  shape: [1, 2, 2],
  images: counts.map((n, k) => Array.from({ length: n }, (_, j) => pic(10 * k + j))),
});

describe('captured classes', () => {
  it('7 and 3 pictures: the 5th of the first is held out, the small class trains on all', () => {
    const { train, test } = capturedDatasets(classes([7, 3]));
    expect([train.size, test.size]).toEqual([9, 1]);
    const out = new Float32Array(4);
    expect(test.example(0, out, 0)).toBe(0);
    expect(out[0]).toBe(4);
    const seen = Array.from({ length: train.size }, (_, i) => {
      const label = train.example(i, out, 0);
      return [label, out[0]];
    });
    expect(seen).toEqual([
      [0, 0],
      [0, 1],
      [0, 2],
      [0, 3],
      [0, 5],
      [0, 6],
      [1, 10],
      [1, 11],
      [1, 12],
    ]);
  });
  it('says which class is empty or too small, and asks for two classes', () => {
    expect(capturedRefusal(classes([3, 0]))).toBe(
      "Class 'c1' has no pictures yet: add at least 2.",
    );
    expect(capturedRefusal(classes([1, 4]))).toMatch(/'c0' has only 1 picture/);
    expect(capturedRefusal(classes([4]))).toMatch(/at least 2 classes/);
    expect(capturedRefusal(classes([2, 2]))).toBeNull();
    const wrong = classes([2, 2]);
    expect(capturedRefusal({ ...wrong, shape: [3, 2, 2] })).toMatch(/another input size.*3×2×2/);
  });
});
