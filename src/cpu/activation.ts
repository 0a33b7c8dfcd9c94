// activation: elementwise nonlinearities with PyTorch's definitions as a tensor op; the scalar
// functions live in core/activate.ts (shared with the animation views).

import { activate, erf, sigmoid } from '../core/activate';
import { ACTIVATIONS, type ActivationFn } from '../core/layers';
import type { Tensor } from '../core/tensor';
import { checkTensor, OpError } from './opError';

export { activate, erf, sigmoid };

/** Elementwise activation; the output has the input's shape. */
export function activation(x: Tensor, fn: ActivationFn, alpha = 0.01): Tensor {
  checkTensor('activation input', x);
  if (!ACTIVATIONS.includes(fn)) throw new OpError(`unknown activation '${fn}'`, 'bad-param');
  if (!Number.isFinite(alpha)) {
    throw new OpError(`leaky ReLU slope must be a number, got ${alpha}`, 'bad-param');
  }
  const src = x.data;
  const out = new Float32Array(src.length);
  for (let i = 0; i < src.length; i++) out[i] = activate(src[i], fn, alpha);
  return { shape: [...x.shape], data: out };
}
