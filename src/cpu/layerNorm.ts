// layerNorm: the CPU reference of layer normalization over everything but the batch
// (PyTorch LayerNorm(normalized_shape = x.shape[1:])): each sample is normalized over all of its
// C×H×W (or F) values with its own mean and biased variance, then optionally scaled and shifted
// elementwise by gamma and beta of the per-sample size (elementwise_affine).

import { numel, type Tensor } from '../core/tensor';
import { checkEps, type NormResult } from './batchNorm';
import { expectLength, expectRank } from './opError';

/** gamma / beta: one value per element of a sample (C×H×W or F), or null for 1 / 0. */
export function layerNorm(
  x: Tensor,
  gamma: Float32Array | null,
  beta: Float32Array | null,
  eps: number,
): Tensor {
  return layerNormStats(x, gamma, beta, eps).out;
}

/** layerNorm that also returns each sample's mean and (biased) variance, for the views. */
export function layerNormStats(
  x: Tensor,
  gamma: Float32Array | null,
  beta: Float32Array | null,
  eps: number,
): NormResult {
  expectRank('layer norm', x, [2, 3, 4], 'C×H×W or features');
  checkEps(eps);
  const N = x.shape[0];
  const size = numel(x.shape.slice(1));
  const layout = `one per value of a sample: [${x.shape.slice(1).join(', ')}]`;
  if (gamma !== null) expectLength('layer norm gamma', gamma, size, layout);
  if (beta !== null) expectLength('layer norm beta', beta, size, layout);
  const src = x.data;
  const out = new Float32Array(src.length);
  const mean = new Float32Array(N);
  const variance = new Float32Array(N);
  for (let n = 0; n < N; n++) {
    const base = n * size;
    let sum = 0;
    for (let i = 0; i < size; i++) sum += src[base + i];
    const mu = sum / size;
    let sq = 0;
    for (let i = 0; i < size; i++) {
      const d = src[base + i] - mu;
      sq += d * d;
    }
    const v = sq / size;
    mean[n] = mu;
    variance[n] = v;
    const inv = 1 / Math.sqrt(v + eps);
    for (let i = 0; i < size; i++) {
      const g = gamma === null ? 1 : gamma[i];
      const b = beta === null ? 0 : beta[i];
      out[base + i] = (src[base + i] - mu) * inv * g + b;
    }
  }
  return { out: { shape: [...x.shape], data: out }, mean, variance };
}
