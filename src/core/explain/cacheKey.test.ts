import { describe, expect, it } from 'vitest';
import { explainCacheKey, stableJson } from './cacheKey';

describe('explanation cache key', () => {
  const base = {
    network: { input: { n: 1, c: 1, h: 2, w: 2 }, layers: [] },
    weights: 'lenet5-mnist',
    input: Float32Array.from([0, 0.5, 1, 0]),
    method: 'gradCam',
    options: { cls: 3, layer: 'c3' },
  };
  it('the same parts give the same key, option order aside', () => {
    expect(explainCacheKey(base)).toBe(
      explainCacheKey({ ...base, input: base.input.slice(), options: { layer: 'c3', cls: 3 } }),
    );
    expect(stableJson({ b: 1, a: [1, { d: 2, c: 3 }] })).toBe('{"a":[1,{"c":3,"d":2}],"b":1}');
  });
  it('any part changed gives another key', () => {
    const k = explainCacheKey(base);
    const other = [
      { ...base, network: { ...base.network, input: { n: 1, c: 1, h: 2, w: 3 } } },
      { ...base, weights: 'random' },
      { ...base, input: Float32Array.from([0, 0.5, 1, -0]) },
      { ...base, method: 'saliency' },
      { ...base, options: { cls: 4, layer: 'c3' } },
    ].map(explainCacheKey);
    for (const o of other) expect(o).not.toBe(k);
    expect(new Set(other).size).toBe(other.length);
  });
});
