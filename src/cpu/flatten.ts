// flatten: [N, ...] → [N, product of the rest], keeping the NCHW order (C outermost, then H, W),
// as PyTorch's nn.Flatten does. The values are copied, never shared.

import { numel, type Tensor } from '../core/tensor';
import { checkTensor, OpError } from './opError';

export function flatten(x: Tensor): Tensor {
  checkTensor('flatten input', x);
  if (x.shape.length < 1)
    throw new OpError('flatten needs a batch dimension, got a scalar', 'rank');
  return { shape: [x.shape[0], numel(x.shape.slice(1))], data: x.data.slice() };
}
