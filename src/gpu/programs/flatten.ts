// Flatten on the GPU (twin: src/cpu/flatten.ts): [N, C, H, W] → [N, C × H × W].
// No program and no dispatch: NCHW keeps each sample's C, H, W values contiguous in exactly the
// order the flattened features take (C outermost, then H, W), so the flattened tensor is the same
// buffer read with a new shape. The CPU twin copies only because its tensors are plain values;
// here the output aliases its input, so whoever owns x's buffer owns both.

import { numel, type GpuTensor } from './program';

/** x's buffer under `shape` (from core shape inference); throws if the sizes differ. */
export function flattenAlias(x: GpuTensor, shape: readonly number[]): GpuTensor {
  if (numel(shape) !== numel(x.shape) || shape[0] !== x.shape[0]) {
    throw new RangeError(
      `flatten: [${x.shape.join(', ')}] cannot be viewed as [${shape.join(', ')}]`,
    );
  }
  return { buffer: x.buffer, shape: [...shape] };
}
