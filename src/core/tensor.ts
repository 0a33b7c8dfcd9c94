// A dense float32 tensor in NCHW (or N x F) layout: the currency of the CPU ops.

import type { Shape } from './shape';

export interface Tensor {
  readonly shape: Shape;
  readonly data: Float32Array;
}

export const numel = (shape: Shape): number => shape.reduce((a, b) => a * b, 1);

export function tensor(shape: Shape, data?: ArrayLike<number>): Tensor {
  const n = numel(shape);
  if (data && data.length !== n) {
    throw new RangeError(
      `tensor of shape [${shape.join(', ')}] needs ${n} values, got ${data.length}`,
    );
  }
  return { shape: [...shape], data: data ? Float32Array.from(data) : new Float32Array(n) };
}
