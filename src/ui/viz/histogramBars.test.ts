import { describe, expect, it } from 'vitest';
import { histogramBars, histogramX } from './histogramBars';

describe('histogram bars', () => {
  it('counts [1, 0, 4, 2] in 40 × 20: heights 5, 0, 20, 10; 10 px a bin less the gap', () => {
    const bars = histogramBars([1, 0, 4, 2], 40, 20);
    expect(bars.map((b) => b.height)).toEqual([5, 0, 20, 10]);
    expect(bars.map((b) => b.x)).toEqual([0, 10, 20, 30]);
    expect(bars.map((b) => b.y)).toEqual([15, 20, 0, 10]);
    expect(bars[0].width).toBe(9.5);
  });

  it('all empty: no height, no division by zero', () => {
    expect(histogramBars([0, 0], 10, 10).every((b) => b.height === 0)).toBe(true);
  });

  it('positions on a linear and a log10 axis, clamped to the box', () => {
    expect(histogramX(0, -1, 1, 100, false)).toBe(50);
    expect(histogramX(1e-3, -12, 2, 140, true)).toBeCloseTo(90, 10);
    expect(histogramX(1e9, -12, 2, 140, true)).toBe(140);
  });
});
