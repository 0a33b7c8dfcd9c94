// softmax backward along axis 1 (as the forward: the features of [N, F], the channels at every
// position of [N, C, H, W]), from the forward's output y: dx_c = y_c (dy_c − Σ_k y_k dy_k).
// GPU twin: shaders/grad/softmax.wgsl.

import type { Tensor } from '../../core/tensor';
import { OpError, checkTensor, expectRank, shapeText } from '../opError';

/** dy, y: [N, F] or [N, C, ...] (y = softmax(x), the forward's output) → dx. */
export function softmaxBackward(dy: Tensor, y: Tensor): Tensor {
  expectRank('softmax output', y, [2, 3, 4], 'a batch with features or channels');
  checkTensor('softmax gradient', dy);
  if (dy.shape.join() !== y.shape.join()) {
    throw new OpError(
      `softmax gradient ${shapeText(dy.shape)} needs the output's shape ${shapeText(y.shape)}`,
      'mismatch',
    );
  }
  const [N, C] = y.shape;
  const inner = y.shape.slice(2).reduce((a, b) => a * b, 1);
  const dx = new Float32Array(y.data.length);
  for (let n = 0; n < N; n++) {
    for (let p = 0; p < inner; p++) {
      const base = n * C * inner + p;
      let dot = 0;
      for (let c = 0; c < C; c++) dot += y.data[base + c * inner] * dy.data[base + c * inner];
      for (let c = 0; c < C; c++) {
        const i = base + c * inner;
        dx[i] = y.data[i] * (dy.data[i] - dot);
      }
    }
  }
  return { shape: [...y.shape], data: dx };
}
