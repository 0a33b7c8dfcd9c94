// add backward: y = x₀ + x₁ + … passes its upstream gradient unchanged to every input. The CPU
// twin returns one copy per input (CPU tensors are values, never shared); on the GPU no program
// runs (src/gpu/programs/grad/add.ts aliases dy), since backward programs never write into dy
// and the caller sums every contribution a tensor receives into a buffer of its own.

import type { Tensor } from '../../core/tensor';
import { OpError, checkTensor } from '../opError';

/** dy → [dx₀, dx₁, …], each equal to dy, for an add of `inputs` tensors. */
export function addBackward(dy: Tensor, inputs: number): Tensor[] {
  checkTensor('add gradient', dy);
  if (!Number.isInteger(inputs) || inputs < 2) {
    throw new OpError(`add needs at least two inputs, got ${inputs}`, 'graph');
  }
  return Array.from({ length: inputs }, () => ({ shape: [...dy.shape], data: dy.data.slice() }));
}
