// The float64 reference of what only training computes, written from PyTorch's definitions as
// plain loops, sharing no code with src/cpu or src/gpu (as ops.ts, which holds the training-mode
// batch norm forward and layer norm): batch norm's running statistics after a batch, dropout with
// a given mask, and the losses. Test support: production code never imports this folder.

import type { Ref } from './ops';

type Values = ArrayLike<number>;

const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/**
 * nn.BatchNorm2d / 1d in train(): after one forward, running ← (1 − m)·running + m·batch, with the
 * batch's mean and its unbiased variance Σ(x − mean)² / (count − 1).
 */
export function batchNormRunning(
  x: Ref,
  runningMean: Values,
  runningVar: Values,
  momentum: number,
): { readonly mean: Float64Array; readonly variance: Float64Array } {
  const [N, C] = x.shape;
  const inner = size(x.shape.slice(2));
  const count = N * inner;
  const mean = new Float64Array(C);
  const variance = new Float64Array(C);
  for (let c = 0; c < C; c++) {
    const values: number[] = [];
    for (let n = 0; n < N; n++)
      for (let i = 0; i < inner; i++) values.push(x.data[(n * C + c) * inner + i]);
    const mu = values.reduce((a, v) => a + v, 0) / count;
    const unbiased = values.reduce((a, v) => a + (v - mu) ** 2, 0) / (count - 1);
    mean[c] = (1 - momentum) * runningMean[c] + momentum * mu;
    variance[c] = (1 - momentum) * runningVar[c] + momentum * unbiased;
  }
  return { mean, variance };
}

/** nn.Dropout in train() with its mask given (1 kept, 0 dropped): x · mask / (1 − p). */
export const dropout = (x: Ref, mask: Values, p: number): Ref => ({
  shape: x.shape,
  data: x.data.map((v, i) => (v * mask[i]) / (1 - p)),
});

/**
 * F.cross_entropy(z, labels) with reduction 'mean' over rows of [N, K] (or [N, K, 1, 1]):
 * mean over n of log Σ_k e^(z_nk) − z_n[label], the sum taken after subtracting the row maximum.
 */
export function crossEntropy(z: Ref, labels: Values): number {
  const [N, K] = z.shape;
  let total = 0;
  for (let n = 0; n < N; n++) {
    const row = z.data.subarray(n * K, (n + 1) * K);
    const max = Math.max(...row);
    const lse = max + Math.log(row.reduce((a, v) => a + Math.exp(v - max), 0));
    total += lse - row[labels[n]];
  }
  return total / N;
}

/** F.mse_loss(y, t) with reduction 'mean': the mean of (y − t)² over every value. */
export function mse(y: Ref, t: Values): number {
  let total = 0;
  for (let i = 0; i < y.data.length; i++) total += (y.data[i] - t[i]) ** 2;
  return total / y.data.length;
}
