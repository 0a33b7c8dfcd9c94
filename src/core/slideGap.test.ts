import { describe, expect, it } from 'vitest';
import { elideTerms, gapStep } from './slideGap';

// Two channels of 3×3, worked by hand.
const planes = {
  // prettier-ignore
  data: [
    1, 2, 3,
    4, 5, 6,
    7, 8, 9,
    0.5, -1, 2,
    0, 0, 0,
    1.5, -2, 3,
  ],
  c: 2,
  h: 3,
  w: 3,
};

describe('gapStep', () => {
  it('x=[1,2,3,3] channel 0: (1 + 2 + … + 9) / 9 = 45 / 9 = 5', () => {
    const s = gapStep(planes, 0);
    expect(Array.from(s.values)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect([s.sum, s.divisor, s.output]).toEqual([45, 9, 5]);
  });

  it('x=[1,2,3,3] channel 1: (0.5 − 1 + 2 + 0 + 0 + 0 + 1.5 − 2 + 3) / 9 = 4 / 9', () => {
    const s = gapStep(planes, 1);
    expect(s.channel).toBe(1);
    expect(s.values).toHaveLength(9);
    expect(s.sum).toBe(4);
    expect(s.divisor).toBe(9);
    expect(s.output).toBeCloseTo(0.4444444444, 10);
  });

  it('x=[1,1,2,4] a non-square map: divisor H·W = 2·4 = 8', () => {
    const s = gapStep({ data: [1, 1, 1, 1, 3, 3, 3, 3], c: 1, h: 2, w: 4 }, 0);
    expect([s.sum, s.divisor, s.output]).toEqual([16, 8, 2]);
  });

  it('x=[1,1,1,1]: a 1×1 map is its own mean', () => {
    expect(gapStep({ data: [-0.25], c: 1, h: 1, w: 1 }, 0).output).toBe(-0.25);
  });
});

describe('elideTerms', () => {
  it('9 terms or fewer: all written', () => {
    expect(elideTerms(4)).toEqual({ head: [0, 1, 2, 3], hidden: 0, tail: [] });
    expect(elideTerms(9).head).toHaveLength(9);
  });

  it('7×7 = 49 terms: 0..6, then 40 hidden, then 47, 48', () => {
    expect(elideTerms(49)).toEqual({ head: [0, 1, 2, 3, 4, 5, 6], hidden: 40, tail: [47, 48] });
  });
});
