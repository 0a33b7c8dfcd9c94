import { describe, expect, it } from 'vitest';
import { mergeWeights } from './mergeWeights';

describe('mergeWeights', () => {
  const base = { c1: { weight: [1, 2, 3], bias: [0] }, f6: { weight: [5] } };
  it('edits apply over the base; a re-seeded layer drops it', () => {
    const own = { c1: { weightEdits: [[1, 9]] as [number, number][] }, f6: { seed: 4 } };
    const m = mergeWeights(base, own)!;
    expect(m.c1).toEqual({ weight: [1, 2, 3], bias: [0], weightEdits: [[1, 9]] });
    expect(m.f6).toEqual({ seed: 4 });
  });
  it('no base: the own set itself; the same pair: the same object', () => {
    const own = { c1: { bias: [1] } };
    expect(mergeWeights(undefined, own)).toBe(own);
    expect(mergeWeights(base, own)).toBe(mergeWeights(base, own));
    expect(mergeWeights(base, undefined)).toBe(mergeWeights(base, undefined));
    expect(mergeWeights(base, undefined)).toEqual(base);
  });
});
