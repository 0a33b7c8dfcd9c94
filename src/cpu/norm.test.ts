// batchNorm and layerNorm: hand-checked statistics and outputs, and the properties that the
// training-mode / per-sample outputs have mean 0 and variance 1 when gamma = 1, beta = 0.

import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { batchNorm } from './batchNorm';
import { layerNorm, layerNormStats } from './layerNorm';
import { OpError } from './opError';
import { assertClose, randomTensor, t } from './testing/helpers';

const f = (...v: number[]) => Float32Array.from(v);
const eps = 1e-5;

describe('batchNorm', () => {
  // channel 0: 1, 3, 5, 7 → mean 4, biased variance (9+1+1+9)/4 = 5
  // channel 1: 2, 2, 4, 8 → mean 4, biased variance (4+4+0+16)/4 = 6
  const x = t([2, 2, 1, 2], [1, 3, 2, 2, 5, 7, 4, 8]);
  const params = { gamma: f(2, 1), beta: f(0, 1), runningMean: f(0, 0), runningVar: f(1, 1) };

  test('x=[2,2,1,2] training: batch statistics over N×H×W per channel', () => {
    const { out, mean, variance } = batchNorm(x, params, eps, 'training');
    expect(Array.from(mean)).toEqual([4, 4]);
    expect(Array.from(variance)).toEqual([5, 6]);
    const s0 = 2 / Math.sqrt(5 + eps);
    const s1 = 1 / Math.sqrt(6 + eps);
    assertClose(
      out.data,
      [-3 * s0, -s0, -2 * s1 + 1, -2 * s1 + 1, s0, 3 * s0, 1, 4 * s1 + 1],
      1e-6,
    );
    expect(out.shape).toEqual([2, 2, 1, 2]);
  });

  test('x=[2,2,1,2] inference: running statistics', () => {
    const p = { ...params, runningMean: f(1, 2), runningVar: f(4, 0.25) };
    const { out, mean, variance } = batchNorm(x, p, eps, 'inference');
    expect(Array.from(mean)).toEqual([1, 2]);
    expect(Array.from(variance)).toEqual([4, 0.25]);
    const s0 = 2 / Math.sqrt(4 + eps);
    const s1 = 1 / Math.sqrt(0.25 + eps);
    assertClose(out.data, [0, 2 * s0, 1, 1, 4 * s0, 6 * s0, 2 * s1 + 1, 6 * s1 + 1], 1e-6);
  });

  test('x=[2,2] features: statistics over the batch per feature', () => {
    // feature 0: 1, 3 → mean 2, variance 1; feature 1: 2, 6 → mean 4, variance 4
    const p = { gamma: f(1, 1), beta: f(0, 0), runningMean: f(0, 0), runningVar: f(1, 1) };
    const { out, mean, variance } = batchNorm(t([2, 2], [1, 2, 3, 6]), p, eps, 'training');
    expect(Array.from(mean)).toEqual([2, 4]);
    expect(Array.from(variance)).toEqual([1, 4]);
    assertClose(out.data, [-1, -1, 1, 1], 1e-4);
  });

  test('rejects wrong parameter lengths, one value per channel in training, bad eps', () => {
    expect(() => batchNorm(x, { ...params, gamma: f(1) }, eps, 'training')).toThrow(
      /gamma needs 2 values/,
    );
    const p1 = { gamma: f(1), beta: f(0), runningMean: f(0), runningVar: f(1) };
    expect(() => batchNorm(t([1, 1], [3]), p1, eps, 'training')).toThrow(OpError);
    expect(Array.from(batchNorm(t([1, 1], [3]), p1, eps, 'inference').out.data)).toEqual([
      Math.fround(3 / Math.sqrt(1 + eps)),
    ]);
    expect(() => batchNorm(x, params, 0, 'training')).toThrow(/epsilon/);
    expect(() => batchNorm(t([1, 2, 3], [1, 2, 3, 4, 5, 6]), params, eps, 'training')).toThrow(
      /C×H×W or features/,
    );
  });

  test('training mode: every channel has mean 0 and variance 1 (gamma=1, beta=0)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 4 }),
        fc.constantFrom<number[]>([], [1, 1], [2, 3], [4, 1]),
        fc.double({ min: 0.5, max: 20, noNaN: true }),
        fc.integer(),
        (n, c, hw, scale, seed) => {
          const shape = [n, c, ...hw];
          const inner = hw.length ? hw[0] * hw[1] : 1;
          fc.pre(n * inner >= 4);
          const x = randomTensor(shape, seed, scale);
          const p = {
            gamma: new Float32Array(c).fill(1),
            beta: new Float32Array(c),
            runningMean: new Float32Array(c),
            runningVar: new Float32Array(c).fill(1),
          };
          const { out, variance } = batchNorm(x, p, eps, 'training');
          fc.pre(variance.every((v) => v > 0.05));
          for (let ch = 0; ch < c; ch++) {
            const vals: number[] = [];
            for (let b = 0; b < n; b++)
              vals.push(...out.data.subarray((b * c + ch) * inner, (b * c + ch + 1) * inner));
            const m = vals.reduce((a, v) => a + v, 0) / vals.length;
            const v = vals.reduce((a, u) => a + (u - m) ** 2, 0) / vals.length;
            if (Math.abs(m) > 1e-3 || Math.abs(v - 1) > 1e-3)
              throw new Error(`channel ${ch}: mean ${m}, variance ${v}`);
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('layerNorm', () => {
  test('x=[2,1,2,2] normalizes each sample over C×H×W, then gamma / beta elementwise', () => {
    // sample 0: 1, 2, 3, 4 → mean 2.5, variance 1.25; sample 1: 10, 10, 10, 14 → mean 11, variance 3
    const x = t([2, 1, 2, 2], [1, 2, 3, 4, 10, 10, 10, 14]);
    const { out, mean, variance } = layerNormStats(x, null, null, eps);
    expect(Array.from(mean)).toEqual([2.5, 11]);
    expect(Array.from(variance)).toEqual([1.25, 3]);
    const a = 1 / Math.sqrt(1.25 + eps);
    const b = 1 / Math.sqrt(3 + eps);
    assertClose(out.data, [-1.5 * a, -0.5 * a, 0.5 * a, 1.5 * a, -b, -b, -b, 3 * b], 1e-6);
    const y = layerNorm(x, f(1, 2, 3, 4), f(0, 0, 1, 1), eps);
    assertClose(
      y.data,
      [-1.5 * a, -1 * a, 1.5 * a + 1, 6 * a + 1, -b, -2 * b, -3 * b + 1, 12 * b + 1],
      1e-6,
    );
  });

  test('rejects gamma of the wrong size', () => {
    expect(() => layerNorm(t([1, 3], [1, 2, 3]), f(1, 1), null, eps)).toThrow(
      /gamma needs 3 values/,
    );
  });

  test('every sample has mean 0 and variance 1', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3 }),
        fc.constantFrom<number[]>([5], [1, 2, 2], [3, 1, 4], [2, 3, 3]),
        fc.double({ min: 0.5, max: 20, noNaN: true }),
        fc.integer(),
        (n, rest, scale, seed) => {
          const x = randomTensor([n, ...rest], seed, scale);
          const { out, variance } = layerNormStats(x, null, null, eps);
          fc.pre(variance.every((v) => v > 0.05));
          const size = out.data.length / n;
          for (let b = 0; b < n; b++) {
            const vals = Array.from(out.data.subarray(b * size, (b + 1) * size));
            const m = vals.reduce((a, v) => a + v, 0) / size;
            const v = vals.reduce((a, u) => a + (u - m) ** 2, 0) / size;
            if (Math.abs(m) > 1e-3 || Math.abs(v - 1) > 1e-3)
              throw new Error(`sample ${b}: mean ${m}, variance ${v}`);
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});
