// batchNorm: the CPU reference of batch normalization (PyTorch BatchNorm2d / BatchNorm1d) over
// [N, C, H, W] (per channel, statistics over N×H×W) or [N, F] (per feature, over N).
// 'inference' normalizes with the running statistics; 'training' with the batch's own mean and
// biased variance, as PyTorch normalizes with. The running statistics are never updated here.

import type { Tensor } from '../core/tensor';
import { expectLength, expectRank, OpError } from './opError';

export interface BatchNormParams {
  readonly gamma: Float32Array;
  readonly beta: Float32Array;
  readonly runningMean: Float32Array;
  readonly runningVar: Float32Array;
}

export type NormMode = 'inference' | 'training';

export interface NormResult {
  readonly out: Tensor;
  /** The mean each channel (batch norm) or sample (layer norm) was normalized with. */
  readonly mean: Float32Array;
  /** The variance it was normalized with (biased: divided by the count, not count - 1). */
  readonly variance: Float32Array;
}

export function checkEps(eps: number): void {
  if (!(eps > 0) || !Number.isFinite(eps)) {
    throw new OpError(`epsilon must be a small positive number, got ${eps}`, 'bad-param');
  }
}

export function batchNorm(x: Tensor, p: BatchNormParams, eps: number, mode: NormMode): NormResult {
  expectRank('batch norm', x, [2, 4], 'C×H×W or features');
  checkEps(eps);
  const [N, C] = x.shape;
  const inner = x.shape.length === 4 ? x.shape[2] * x.shape[3] : 1;
  for (const name of ['gamma', 'beta', 'runningMean', 'runningVar'] as const) {
    expectLength(`batch norm ${name}`, p[name], C, `one per channel: [${C}]`);
  }
  const count = N * inner;
  if (mode === 'training' && count < 2) {
    throw new OpError(
      `batch norm in training mode needs more than one value per channel, got ${count}: use a larger batch or inference mode`,
      'bad-param',
    );
  }
  const src = x.data;
  const out = new Float32Array(src.length);
  const mean = new Float32Array(C);
  const variance = new Float32Array(C);
  for (let c = 0; c < C; c++) {
    let mu: number;
    let v: number;
    if (mode === 'training') {
      // Two passes (mean, then squared deviations) in double precision.
      let sum = 0;
      for (let n = 0; n < N; n++) {
        const base = (n * C + c) * inner;
        for (let i = 0; i < inner; i++) sum += src[base + i];
      }
      mu = sum / count;
      let sq = 0;
      for (let n = 0; n < N; n++) {
        const base = (n * C + c) * inner;
        for (let i = 0; i < inner; i++) {
          const d = src[base + i] - mu;
          sq += d * d;
        }
      }
      v = sq / count;
    } else {
      mu = p.runningMean[c];
      v = p.runningVar[c];
    }
    mean[c] = mu;
    variance[c] = v;
    const scale = p.gamma[c] / Math.sqrt(v + eps);
    const shift = p.beta[c];
    for (let n = 0; n < N; n++) {
      const base = (n * C + c) * inner;
      for (let i = 0; i < inner; i++) out[base + i] = (src[base + i] - mu) * scale + shift;
    }
  }
  return { out: { shape: [...x.shape], data: out }, mean, variance };
}
