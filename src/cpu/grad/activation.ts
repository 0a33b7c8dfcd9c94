// activation backward: dx = dy · f'(x) for the eight activations, with PyTorch's (1.13) choices
// at the kinks: relu'(0) = 0, relu6'(0) = relu6'(6) = 0 (1 only strictly inside (0, 6)),
// leakyRelu'(0) = alpha (1 only for x > 0); gelu is the exact erf form. At ±∞: relu' and
// leakyRelu' are 1 / 0 (alpha), relu6', sigmoid' and tanh' are 0, gelu' and silu' NaN (∞ · 0,
// as PyTorch's formulas give). NaN, as the forward: a NaN input gives a NaN gradient (PyTorch's
// masked kernels pass dy or alpha·dy there instead), and dx is a plain product, so a NaN (or ±∞
// times a zero slope) in dy gives NaN where PyTorch's relu would give 0. GPU twin:
// shaders/grad/activation.wgsl.

import { erf } from '../../core/activate';
import { ACTIVATIONS, type ActivationFn } from '../../core/layers';
import type { Tensor } from '../../core/tensor';
import { OpError, checkTensor, shapeText } from '../opError';

const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/** e / (1 + e)² with e = exp(−|v|): σ'(v) = σ(v)(1 − σ(v)) without cancellation near 1. */
function sigmoidSlope(v: number): number {
  const e = Math.exp(-Math.abs(v));
  return e / ((1 + e) * (1 + e));
}

/** σ(v) for any v without overflow. */
function logistic(v: number): number {
  if (v >= 0) return 1 / (1 + Math.exp(-v));
  const e = Math.exp(v);
  return e / (1 + e);
}

/** f'(v): the slope of one activation at one input value. */
export function activationSlope(v: number, fn: ActivationFn, alpha = 0.01): number {
  if (v !== v) return fn === 'identity' ? 1 : NaN;
  switch (fn) {
    case 'relu':
      return v > 0 ? 1 : 0;
    case 'relu6':
      return v > 0 && v < 6 ? 1 : 0;
    case 'leakyRelu':
      return v > 0 ? 1 : alpha;
    case 'sigmoid':
      return sigmoidSlope(v);
    case 'tanh': {
      // sech²(v) = 4e / (1 + e)² with e = exp(−2|v|)
      const e = Math.exp(-2 * Math.abs(v));
      return (4 * e) / ((1 + e) * (1 + e));
    }
    case 'gelu':
      // Φ(v) + v φ(v)
      return 0.5 * (1 + erf(v * Math.SQRT1_2)) + v * INV_SQRT_2PI * Math.exp(-0.5 * v * v);
    case 'silu':
      // σ(v) (1 + v (1 − σ(v))), with 1 − σ(v) = σ(−v) computed directly
      return logistic(v) * (1 + v * logistic(-v));
    case 'identity':
      return 1;
  }
}

/** dy, x: the same shape (x the forward's input) → dx. */
export function activationBackward(dy: Tensor, x: Tensor, fn: ActivationFn, alpha = 0.01): Tensor {
  checkTensor('activation gradient', dy);
  checkTensor('activation input', x);
  if (!ACTIVATIONS.includes(fn)) throw new OpError(`unknown activation '${fn}'`, 'bad-param');
  if (dy.shape.join() !== x.shape.join()) {
    throw new OpError(
      `activation gradient ${shapeText(dy.shape)} needs the input's shape ${shapeText(x.shape)}`,
      'mismatch',
    );
  }
  const dx = new Float32Array(x.data.length);
  for (let i = 0; i < dx.length; i++) dx[i] = dy.data[i] * activationSlope(x.data[i], fn, alpha);
  return { shape: [...x.shape], data: dx };
}
