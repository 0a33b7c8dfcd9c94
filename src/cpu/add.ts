// add: the elementwise sum of two or more tensors of one shape (a residual connection).

import type { Tensor } from '../core/tensor';
import { checkTensor, OpError, shapeText } from './opError';

const sameShape = (a: readonly number[], b: readonly number[]) =>
  a.length === b.length && a.every((v, i) => v === b[i]);

export function add(inputs: readonly Tensor[]): Tensor {
  if (inputs.length < 2) {
    throw new OpError(`add needs at least two inputs, got ${inputs.length}`, 'graph');
  }
  const first = inputs[0];
  inputs.forEach((t, i) => checkTensor(`add input ${i + 1}`, t));
  const bad = inputs.find((t) => !sameShape(t.shape, first.shape));
  if (bad) {
    throw new OpError(
      `add needs equal shapes, got ${shapeText(first.shape)} and ${shapeText(bad.shape)}`,
      'mismatch',
    );
  }
  const out = new Float32Array(first.data.length);
  for (const t of inputs) {
    const d = t.data;
    for (let i = 0; i < out.length; i++) out[i] += d[i];
  }
  return { shape: [...first.shape], data: out };
}
