// GPU program for the backward of concatenation along axis 1 (shaders/grad/concat.wgsl). Twin:
// src/cpu/grad/concat.ts. One copy dispatch per input, reading its channels of dy.

import type { Gpu } from '../../gpu';
import concatGradWGSL from '../../../../shaders/grad/concat.wgsl?raw';
import { shader } from '../../shaders';
import { uniformLayout } from '../../uniforms';
import { partCopies } from '../concat';
import type { GpuTensor, Recorded } from '../program';

export const SHADER = shader(
  'grad/concat',
  [concatGradWGSL],
  uniformLayout([
    ['count', 'u32'],
    ['block', 'u32'],
    ['outBlock', 'u32'],
    ['offset', 'u32'],
  ] as const),
);

export interface ConcatBackwardBuffers {
  /** f32 [N, ΣC_k, ...]: the gradient of the concatenation's output. */
  readonly dy: GpuTensor;
  /** f32 [N, C_k, ...], one per input in order, each overwritten with its channels of dy. */
  readonly dxs: readonly GpuTensor[];
}

export function concatBackwardProgram(
  gpu: Gpu,
  b: ConcatBackwardBuffers,
  label = 'concat.backward',
): Recorded {
  const { dy, dxs } = b;
  if (dxs.length < 1 || dy.shape.length < 2) {
    throw new RangeError(`${label}: needs dy [N, C, ...] and at least one input`);
  }
  return partCopies(
    gpu,
    SHADER,
    dxs,
    dy,
    (parts, whole) => `${label}: [${whole}] does not split into [${parts}]`,
    label,
    (dx) => [dy.buffer, dx.buffer],
  );
}
