// The normalization view's statistics against the CPU ops: batch norm in training mode and layer
// norm normalize with exactly the pooled mean and variance the view shows.
import { describe, expect, test } from 'vitest';
import { batchNormPool, layerNormPool, normalizeValue } from '../core/normStats';
import { batchNorm } from './batchNorm';
import { layerNorm } from './layerNorm';
import { randomTensor } from './testing/helpers';

const shape = [3, 4, 5, 6] as const;
const x = randomTensor(shape, 7);
const eps = 1e-5;

describe('norm statistics = what the CPU ops normalize with', () => {
  test('batch norm (training): channel 2 of sample 1 at (3, 4)', () => {
    const ones = new Float32Array(4).fill(1);
    const zeros = new Float32Array(4);
    const out = batchNorm(
      x,
      { gamma: ones, beta: zeros, runningMean: zeros, runningVar: ones },
      eps,
      'training',
    );
    const p = batchNormPool(x.data, shape, 2);
    expect(p.count).toBe(3 * 5 * 6);
    const i = ((1 * 4 + 2) * 5 + 3) * 6 + 4;
    expect(normalizeValue(x.data[i], p.mean, p.variance, eps)).toBeCloseTo(out.out.data[i], 4);
  });
  test('layer norm: sample 2, channel 1 at (0, 5)', () => {
    const out = layerNorm(x, null, null, eps);
    const p = layerNormPool(x.data, shape, 2);
    expect(p.count).toBe(4 * 5 * 6);
    const i = ((2 * 4 + 1) * 5 + 0) * 6 + 5;
    expect(normalizeValue(x.data[i], p.mean, p.variance, eps)).toBeCloseTo(out.data[i], 4);
  });
});
