import { describe, expect, it } from 'vitest';
import { rgbaToTensor } from './imageTensor';

// A 2×1 image: a pure red pixel and a white one.
const rgba = [255, 0, 0, 255, 255, 255, 255, 255];

describe('rgbaToTensor', () => {
  it('2×1 RGB → [1,3,1,2] in [0,1], channel-major', () => {
    const t = rgbaToTensor(rgba, 2, 1, 3);
    expect(t.shape).toEqual([1, 3, 1, 2]);
    expect([...t.data]).toEqual([1, 1, 0, 1, 0, 1]);
  });
  it('2×1 gray → BT.601 luma', () => {
    const t = rgbaToTensor(rgba, 2, 1, 1);
    expect(t.data[0]).toBeCloseTo(0.299, 5);
    expect(t.data[1]).toBeCloseTo(1, 5);
  });
  it('batch 2 repeats the image; wrong byte count throws', () => {
    const t = rgbaToTensor(rgba, 2, 1, 1, 2);
    expect(t.data[2]).toBeCloseTo(t.data[0], 6);
    expect(() => rgbaToTensor([1, 2, 3], 2, 1, 1)).toThrow(/expected 8 RGBA bytes/);
  });
});
