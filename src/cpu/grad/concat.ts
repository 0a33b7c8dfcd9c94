// concat backward: y = cat(x₀, x₁, …, dim=1) splits its upstream gradient along axis 1, each
// input taking back its own channels (features). GPU twin: shaders/grad/concat.wgsl.

import type { Tensor } from '../../core/tensor';
import { OpError, checkTensor, shapeText } from '../opError';

/** dy: [N, ΣC_k, ...] → [dx_k: [N, C_k, ...]], channels[k] = C_k in input order. */
export function concatBackward(dy: Tensor, channels: readonly number[]): Tensor[] {
  checkTensor('concat gradient', dy);
  const total = channels.reduce((a, b) => a + b, 0);
  if (dy.shape.length < 2 || channels.length < 1 || total !== dy.shape[1]) {
    throw new OpError(
      `concat gradient ${shapeText(dy.shape)} does not split into ${channels.length} inputs of [${channels.join(', ')}] channels`,
      'mismatch',
    );
  }
  const N = dy.shape[0];
  const inner = dy.shape.slice(2).reduce((a, b) => a * b, 1);
  let offset = 0;
  return channels.map((C) => {
    const block = C * inner;
    const data = new Float32Array(N * block);
    for (let n = 0; n < N; n++) {
      const from = n * total * inner + offset;
      data.set(dy.data.subarray(from, from + block), n * block);
    }
    offset += block;
    return { shape: [N, C, ...dy.shape.slice(2)], data };
  });
}
