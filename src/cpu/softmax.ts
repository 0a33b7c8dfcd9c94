// softmax: exp(x_i - max) / Σ exp(x_j - max) along axis 1: over the features of [N, F], and
// over the channels at every position of [N, C, H, W] (PyTorch Softmax(dim=1)). Subtracting the
// maximum first keeps every exponent ≤ 0, so large inputs never overflow.

import type { Tensor } from '../core/tensor';
import { expectRank } from './opError';

export function softmax(x: Tensor): Tensor {
  expectRank('softmax', x, [2, 3, 4], 'a batch with features or channels');
  const [N, C] = x.shape;
  const inner = x.shape.slice(2).reduce((a, b) => a * b, 1);
  const src = x.data;
  const out = new Float32Array(src.length);
  const e = new Float64Array(C);
  for (let n = 0; n < N; n++) {
    for (let p = 0; p < inner; p++) {
      const base = n * C * inner + p;
      let max = -Infinity;
      for (let c = 0; c < C; c++) max = Math.max(max, src[base + c * inner]);
      if (max === -Infinity) max = 0; // all -inf: let exp give 0/0 = NaN, as PyTorch does
      let sum = 0;
      for (let c = 0; c < C; c++) {
        e[c] = Math.exp(src[base + c * inner] - max);
        sum += e[c];
      }
      for (let c = 0; c < C; c++) out[base + c * inner] = e[c] / sum;
    }
  }
  return { shape: [...x.shape], data: out };
}
