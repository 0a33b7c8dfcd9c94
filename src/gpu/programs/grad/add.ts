// The backward of add on the GPU (twin: src/cpu/grad/add.ts) needs no program: every input's
// gradient is dy itself. Backward programs only ever read dy and write buffers of their own, so
// each input may read dy's buffer as its gradient; a tensor that feeds several layers gets its
// contributions summed by the caller into a buffer of its own (addProgram), never into dy.

import type { GpuTensor } from '../program';

/** `inputs` views of dy, one per input of the add (no copy, no dispatch). */
export function addBackwardAlias(dy: GpuTensor, inputs: number): GpuTensor[] {
  if (!Number.isInteger(inputs) || inputs < 2) {
    throw new RangeError(`add.backward: needs at least two inputs, got ${inputs}`);
  }
  return Array.from({ length: inputs }, () => ({ buffer: dy.buffer, shape: [...dy.shape] }));
}
