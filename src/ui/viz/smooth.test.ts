import { describe, expect, it } from 'vitest';
import { smooth } from './smooth';

describe('smooth', () => {
  it('a = 0 is the identity; a constant stays constant; hand-worked two steps', () => {
    expect(smooth([3, 1, 2], 0)).toEqual([3, 1, 2]);
    for (const v of smooth([5, 5, 5, 5], 0.9)) expect(v).toBeCloseTo(5, 12);
    // a = 0.5: m1 = 0.5·2 = 1, w1 = 0.5 → 2; m2 = 0.5 + 0.5·4 = 2.5, w2 = 0.75 → 10/3
    const [s1, s2] = smooth([2, 4], 0.5);
    expect(s1).toBeCloseTo(2, 12);
    expect(s2).toBeCloseTo(10 / 3, 12);
  });
});
