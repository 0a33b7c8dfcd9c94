// linear: a fully-connected layer as PyTorch's nn.Linear computes it, y = x Wᵀ + b, for
// x [N, F_in], weight [F_out, F_in] row-major and an optional bias [F_out]. F_out is read from the
// weight's length. Dot products are summed in double precision.

import type { Tensor } from '../core/tensor';
import { expectLength, expectRank, OpError } from './opError';

export function linear(x: Tensor, weight: Float32Array, bias: Float32Array | null): Tensor {
  expectRank('linear', x, [2], 'a flat input: add a flatten layer before it');
  const [N, F] = x.shape;
  const out = F === 0 ? 0 : weight.length / F;
  if (!Number.isInteger(out) || out < 1) {
    throw new OpError(
      `linear weight needs a whole number of rows of ${F} input features, got ${weight.length} values`,
      'weights',
    );
  }
  if (bias !== null) expectLength('linear bias', bias, out, `[${out}]`);
  const src = x.data;
  const y = new Float32Array(N * out);
  for (let n = 0; n < N; n++) {
    const xBase = n * F;
    for (let j = 0; j < out; j++) {
      const wBase = j * F;
      let sum = 0;
      for (let i = 0; i < F; i++) sum += src[xBase + i] * weight[wBase + i];
      y[n * out + j] = sum + (bias === null ? 0 : bias[j]);
    }
  }
  return { shape: [N, out], data: y };
}
