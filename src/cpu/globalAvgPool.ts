// globalAvgPool: the mean of every channel plane, [N, C, H, W] → [N, C, 1, 1]
// (PyTorch AdaptiveAvgPool2d(1)). Sums in double precision.

import type { Tensor } from '../core/tensor';
import { expectRank } from './opError';

export function globalAvgPool(x: Tensor): Tensor {
  expectRank('global average pooling', x, [4], 'a C×H×W input');
  const [N, C, H, W] = x.shape;
  const plane = H * W;
  const out = new Float32Array(N * C);
  for (let p = 0; p < N * C; p++) {
    let sum = 0;
    const base = p * plane;
    for (let i = 0; i < plane; i++) sum += x.data[base + i];
    out[p] = sum / plane;
  }
  return { shape: [N, C, 1, 1], data: out };
}
