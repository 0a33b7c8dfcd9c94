// layerNorm in training: the forward that saves each sample's mean and inverse standard
// deviation, and the backward. GPU twin: shaders/grad/layerNorm.wgsl.
//
// Per sample n over its S = C × H × W (or F) values, γ and β one per value (or 1 and 0):
//   μ = Σx / S,  σ² = Σ(x − μ)² / S,  r = 1 / √(σ² + ε),  x̂ = (x − μ) r,  y = γ x̂ + β
// Backward, from the upstream dy, with g = dy γ:
//   dx = r (g − mean(g) − x̂ mean(g x̂))            (means over the sample's S values)
//   dγ_i = Σ_n dy_{n,i} x̂_{n,i},  dβ_i = Σ_n dy_{n,i}  (sums over the batch)

import { numel, type Tensor } from '../../core/tensor';
import { layerNormStats } from '../layerNorm';
import { OpError, checkTensor, expectLength, expectRank, shapeText } from '../opError';

/** One f32 per sample each. */
export interface LayerNormSaved {
  readonly mean: Float32Array;
  /** 1 / √(σ² + ε), σ² the biased variance of the sample. */
  readonly rstd: Float32Array;
}

export interface LayerNormTrainResult extends LayerNormSaved {
  readonly out: Tensor;
}

export interface LayerNormGrads {
  readonly dx: Tensor;
  /** One per value of a sample; null without elementwise affine. */
  readonly dgamma: Float32Array | null;
  readonly dbeta: Float32Array | null;
}

export function layerNormTrain(
  x: Tensor,
  gamma: Float32Array | null,
  beta: Float32Array | null,
  eps: number,
): LayerNormTrainResult {
  const { out, mean, variance } = layerNormStats(x, gamma, beta, eps);
  return { out, mean, rstd: variance.map((v) => 1 / Math.sqrt(v + eps)) };
}

/**
 * dy, x: [N, ...]; gamma one per value of a sample or null (then 1). With `affine` (the layer's
 * elementwise_affine, default: gamma given) dγ and dβ are returned, else null.
 */
export function layerNormBackward(
  dy: Tensor,
  x: Tensor,
  gamma: Float32Array | null,
  saved: LayerNormSaved,
  affine = gamma !== null,
): LayerNormGrads {
  expectRank('layer norm input', x, [2, 3, 4], 'C×H×W or features');
  checkTensor('layer norm gradient', dy);
  if (dy.shape.join() !== x.shape.join()) {
    throw new OpError(
      `layer norm gradient ${shapeText(dy.shape)} needs the input's shape ${shapeText(x.shape)}`,
      'mismatch',
    );
  }
  const N = x.shape[0];
  const S = numel(x.shape.slice(1));
  if (gamma !== null) expectLength('layer norm gamma', gamma, S, 'one per value of a sample');
  expectLength('layer norm mean', saved.mean, N, 'one per sample');
  expectLength('layer norm inverse std', saved.rstd, N, 'one per sample');
  const dx = new Float32Array(x.data.length);
  const dgamma = affine ? new Float64Array(S) : null;
  const dbeta = affine ? new Float64Array(S) : null;
  const xhat = new Float64Array(S);
  for (let n = 0; n < N; n++) {
    const base = n * S;
    const mu = saved.mean[n];
    const r = saved.rstd[n];
    let sumG = 0;
    let sumGXhat = 0;
    for (let i = 0; i < S; i++) {
      const d = dy.data[base + i];
      xhat[i] = (x.data[base + i] - mu) * r;
      const g = gamma === null ? d : d * gamma[i];
      sumG += g;
      sumGXhat += g * xhat[i];
      if (dgamma !== null && dbeta !== null) {
        dgamma[i] += d * xhat[i];
        dbeta[i] += d;
      }
    }
    const meanG = sumG / S;
    const meanGXhat = sumGXhat / S;
    for (let i = 0; i < S; i++) {
      const g = gamma === null ? dy.data[base + i] : dy.data[base + i] * gamma[i];
      dx[base + i] = r * (g - meanG - xhat[i] * meanGXhat);
    }
  }
  return {
    dx: { shape: [...x.shape], data: dx },
    dgamma: dgamma && Float32Array.from(dgamma),
    dbeta: dbeta && Float32Array.from(dbeta),
  };
}
