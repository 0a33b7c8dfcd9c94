// flatten backward: the forward only reinterprets NCHW as [N, C·H·W], so the gradient is dy
// read back under the input's shape (a copy here; an alias on the GPU,
// src/gpu/programs/grad/flatten.ts).

import type { Shape } from '../../core/shape';
import { numel, type Tensor } from '../../core/tensor';
import { OpError, checkTensor, shapeText } from '../opError';

export function flattenBackward(dy: Tensor, xShape: Shape): Tensor {
  checkTensor('flatten gradient', dy);
  if (numel(xShape) !== dy.data.length || xShape[0] !== dy.shape[0]) {
    throw new OpError(
      `flatten gradient ${shapeText(dy.shape)} cannot be viewed as ${shapeText(xShape)}`,
      'mismatch',
    );
  }
  return { shape: [...xShape], data: dy.data.slice() };
}
