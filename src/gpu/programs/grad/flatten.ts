// The backward of flatten on the GPU (twin: src/cpu/grad/flatten.ts): no program. As the forward
// (src/gpu/programs/flatten.ts), the gradient is dy's buffer read under the input's shape.

import { flattenAlias } from '../flatten';
import type { GpuTensor } from '../program';

/** dy [N, C·H·W] viewed as dx [N, C, H, W] = xShape; throws if the sizes differ. */
export const flattenBackwardAlias = (dy: GpuTensor, xShape: readonly number[]): GpuTensor =>
  flattenAlias(dy, xShape);
