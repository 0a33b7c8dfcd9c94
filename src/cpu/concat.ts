// concat: joins tensors along axis 1 (channels of [N, C, H, W], features of [N, F]), in input
// order, as torch.cat(dim=1). All other dimensions must agree.

import type { Tensor } from '../core/tensor';
import { checkTensor, OpError, shapeText } from './opError';

export function concat(inputs: readonly Tensor[]): Tensor {
  if (inputs.length < 1) throw new OpError('concat needs at least one input', 'graph');
  inputs.forEach((t, i) => checkTensor(`concat input ${i + 1}`, t));
  const first = inputs[0].shape;
  if (first.length < 2) {
    throw new OpError(
      `concat joins axis 1 and needs a batch with channels, got ${shapeText(first)}`,
      'rank',
    );
  }
  const rest = (s: readonly number[]) => [s[0], ...s.slice(2)].join(',');
  for (const t of inputs) {
    if (t.shape.length !== first.length || rest(t.shape) !== rest(first)) {
      throw new OpError(
        `concat joins channels and needs equal other sizes, got ${shapeText(first)} and ${shapeText(t.shape)}`,
        'mismatch',
      );
    }
  }
  const N = first[0];
  const inner = first.slice(2).reduce((a, b) => a * b, 1);
  const C = inputs.reduce((sum, t) => sum + t.shape[1], 0);
  const out = new Float32Array(N * C * inner);
  for (let n = 0; n < N; n++) {
    let offset = n * C * inner;
    for (const t of inputs) {
      const block = t.shape[1] * inner;
      out.set(t.data.subarray(n * block, (n + 1) * block), offset);
      offset += block;
    }
  }
  return { shape: [N, C, ...first.slice(2)], data: out };
}
