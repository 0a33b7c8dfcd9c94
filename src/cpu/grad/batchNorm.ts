// batchNorm in training: the forward that normalizes with the batch's own statistics, saves what
// the backward needs (per-channel mean and inverse standard deviation) and updates the running
// statistics as PyTorch does; and the backward. GPU twin: shaders/grad/batchNorm.wgsl.
//
// Per channel c over its M = N × H × W values (M = N for [N, F]):
//   μ = Σx / M,  σ² = Σ(x − μ)² / M (biased, used to normalize),  r = 1 / √(σ² + ε)
//   x̂ = (x − μ) r,  y = γ x̂ + β
//   running_mean ← (1 − m) running_mean + m μ
//   running_var  ← (1 − m) running_var + m σ² · M / (M − 1)   (unbiased, as PyTorch)
// Backward, from the upstream dy:
//   dβ = Σ dy,  dγ = Σ dy x̂,  dx = γ r (dy − dβ / M − x̂ dγ / M)
// With the statistics frozen (a network trained in inference mode: μ, σ² the running ones),
// μ and r do not depend on x and dx = γ r dy.

import type { Tensor } from '../../core/tensor';
import { batchNorm, checkEps, type BatchNormParams, type NormMode } from '../batchNorm';
import { OpError, checkTensor, expectLength, expectRank, shapeText } from '../opError';

/** PyTorch's default momentum of the running statistics. */
export const BN_MOMENTUM = 0.1;

/** What the backward needs from the forward, one f32 per channel each. */
export interface BatchNormSaved {
  readonly mean: Float32Array;
  /** 1 / √(σ² + ε) with the variance the forward normalized with. */
  readonly invStd: Float32Array;
}

export interface BatchNormTrainResult extends BatchNormSaved {
  readonly out: Tensor;
  /** The running statistics after this batch (new arrays; the inputs are not modified). */
  readonly runningMean: Float32Array;
  readonly runningVar: Float32Array;
}

export interface BatchNormGrads {
  readonly dx: Tensor;
  readonly dgamma: Float32Array;
  readonly dbeta: Float32Array;
}

/** x: [N, C, H, W] or [N, F]; needs more than one value per channel (N × H × W ≥ 2). */
export function batchNormTrain(
  x: Tensor,
  p: BatchNormParams,
  eps: number,
  momentum = BN_MOMENTUM,
): BatchNormTrainResult {
  if (!(momentum >= 0 && momentum <= 1)) {
    throw new OpError(`batch norm momentum must be in [0, 1], got ${momentum}`, 'bad-param');
  }
  const { out, mean, variance } = batchNorm(x, p, eps, 'training');
  const count = x.data.length / x.shape[1];
  const C = mean.length;
  const invStd = new Float32Array(C);
  const runningMean = new Float32Array(C);
  const runningVar = new Float32Array(C);
  for (let c = 0; c < C; c++) {
    invStd[c] = 1 / Math.sqrt(variance[c] + eps);
    runningMean[c] = (1 - momentum) * p.runningMean[c] + momentum * mean[c];
    runningVar[c] =
      (1 - momentum) * p.runningVar[c] + (momentum * variance[c] * count) / (count - 1);
  }
  return { out, mean, invStd, runningMean, runningVar };
}

/** The saved statistics of a network normalizing with its running statistics (frozen). */
export function frozenStats(runningMean: Float32Array, runningVar: Float32Array, eps: number) {
  checkEps(eps);
  return { mean: runningMean, invStd: runningVar.map((v) => 1 / Math.sqrt(v + eps)) };
}

/**
 * dy, x: [N, C, H, W] or [N, F]; gamma and the saved statistics one per channel. mode
 * 'training': the statistics were the batch's own (batchNormTrain); 'inference': frozen ones.
 */
export function batchNormBackward(
  dy: Tensor,
  x: Tensor,
  gamma: Float32Array,
  saved: BatchNormSaved,
  mode: NormMode = 'training',
): BatchNormGrads {
  expectRank('batch norm input', x, [2, 4], 'C×H×W or features');
  checkTensor('batch norm gradient', dy);
  if (dy.shape.join() !== x.shape.join()) {
    throw new OpError(
      `batch norm gradient ${shapeText(dy.shape)} needs the input's shape ${shapeText(x.shape)}`,
      'mismatch',
    );
  }
  const [N, C] = x.shape;
  const inner = x.shape.length === 4 ? x.shape[2] * x.shape[3] : 1;
  const per = `one per channel: [${C}]`;
  expectLength('batch norm gamma', gamma, C, per);
  expectLength('batch norm mean', saved.mean, C, per);
  expectLength('batch norm inverse std', saved.invStd, C, per);
  const M = N * inner;
  const dx = new Float32Array(x.data.length);
  const dgamma = new Float32Array(C);
  const dbeta = new Float32Array(C);
  const at = (n: number, c: number) => (n * C + c) * inner;
  for (let c = 0; c < C; c++) {
    const mu = saved.mean[c];
    const r = saved.invStd[c];
    let sumDy = 0;
    let sumDyXhat = 0;
    for (let n = 0; n < N; n++) {
      const base = at(n, c);
      for (let i = 0; i < inner; i++) {
        const g = dy.data[base + i];
        sumDy += g;
        sumDyXhat += g * (x.data[base + i] - mu) * r;
      }
    }
    dbeta[c] = sumDy;
    dgamma[c] = sumDyXhat;
    const k = gamma[c] * r;
    const batch = mode === 'training';
    for (let n = 0; n < N; n++) {
      const base = at(n, c);
      for (let i = 0; i < inner; i++) {
        const g = dy.data[base + i];
        if (!batch) {
          dx[base + i] = k * g;
          continue;
        }
        const xhat = (x.data[base + i] - mu) * r;
        dx[base + i] = k * (g - sumDy / M - (xhat * sumDyXhat) / M);
      }
    }
  }
  return { dx: { shape: [...x.shape], data: dx }, dgamma, dbeta };
}
