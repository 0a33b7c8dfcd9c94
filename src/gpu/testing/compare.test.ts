import { describe, expect, it } from 'vitest';
import { closeTo } from './compare';

describe('closeTo (the conformance tolerance)', () => {
  it('1e-4 relative above 1, absolute below; NaN only matches NaN', () => {
    expect(closeTo([1000.05, 0.00005, NaN], [1000, 0, NaN])).toEqual([]);
    expect(closeTo([1000.2], [1000])).toHaveLength(1);
    expect(closeTo([0], [NaN])).toHaveLength(1);
    expect(closeTo([NaN], [0])).toHaveLength(1);
  });
  it('an infinity matches only itself (before: ∞ vs ∞ failed and 5 vs ∞ passed)', () => {
    expect(closeTo([Infinity, -Infinity], [Infinity, -Infinity])).toEqual([]);
    expect(closeTo([5], [Infinity])).toHaveLength(1);
    expect(closeTo([3e38], [Infinity])).toHaveLength(1);
    expect(closeTo([-Infinity], [Infinity])).toHaveLength(1);
    expect(closeTo([Infinity], [3e38])).toHaveLength(1);
  });
});
