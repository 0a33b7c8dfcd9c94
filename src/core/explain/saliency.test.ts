import { describe, expect, it } from 'vitest';
import { meanOfRows, saliencyMap, smoothGradBatch } from './saliency';

describe('saliency reductions', () => {
  // x=[2,1,2]: channel planes [1, −3] and [2, 0.5]; the image [1, 2] and [3, 4].
  const grad = [1, -3, 2, 0.5];
  const image = [1, 2, 3, 4];
  it('vanilla: max over channels of |g|', () => {
    expect([...saliencyMap('vanilla', grad, image, 2, 1, 2)]).toEqual([2, 3]);
  });
  it('gradient × input: Σ_c g x', () => {
    expect([...saliencyMap('gradTimesInput', grad, image, 2, 1, 2)]).toEqual([1 + 6, -6 + 2]);
  });
  it('SmoothGrad batch: n copies, noise σ = sigma · range, seeded', () => {
    const img = Float32Array.from({ length: 1000 }, (_, i) => (i % 2) * 2); // range 2
    const b = smoothGradBatch(img, 3, 0.1, 9);
    expect(b.length).toBe(3000);
    let s2 = 0;
    for (let i = 0; i < b.length; i++) s2 += (b[i] - img[i % 1000]) ** 2;
    expect(Math.sqrt(s2 / b.length)).toBeGreaterThan(0.18);
    expect(Math.sqrt(s2 / b.length)).toBeLessThan(0.22);
    expect(smoothGradBatch(img, 3, 0.1, 9)).toEqual(b);
  });
  it('mean of rows', () => {
    expect([...meanOfRows([1, 2, 3, 4, 5, 6], 3, 2)]).toEqual([3, 4]);
  });
});
