// GPU program for global average pooling (shaders/globalAvgPool.wgsl). Twin:
// src/cpu/globalAvgPool.ts. One workgroup per (n, c) plane with a tree reduction.

import type { Gpu } from '../gpu';
import globalAvgPoolWGSL from '../../../shaders/globalAvgPool.wgsl?raw';
import reduceWGSL from '../../../shaders/common/reduce.wgsl?raw';
import { shader } from '../shaders';
import { uniformLayout } from '../uniforms';
import { bindGroup, grid1d, uniformBuffer, type GpuTensor, type Recorded } from './program';

/** Invocations per plane; a power of two (the reduction halves it). */
const WG = 256;
export const SHADER = shader(
  'globalAvgPool',
  [reduceWGSL, globalAvgPoolWGSL],
  uniformLayout([
    ['planes', 'u32'],
    ['plane', 'u32'],
  ] as const),
);

/** x: [N, C, H, W] → out: [N, C, 1, 1], the mean of every channel plane. */
export function globalAvgPoolProgram(
  gpu: Gpu,
  x: GpuTensor,
  out: GpuTensor,
  label = 'globalAvgPool',
): Recorded {
  if (x.shape.length !== 4) {
    throw new RangeError(`${label}: needs [N, C, H, W], got [${x.shape.join(', ')}]`);
  }
  const [N, C, H, W] = x.shape;
  const planes = N * C;
  const pipeline = gpu.pipelines.pipeline(SHADER, 'main', { WG });
  const params = uniformBuffer(gpu, SHADER.params, { planes, plane: H * W }, `${label}.params`);
  return {
    dispatches: [
      {
        label,
        pipeline,
        bindGroup: bindGroup(gpu, pipeline, `${label}.bind`, [x.buffer, out.buffer, params]),
        // One workgroup per plane (split over x and y past the per-dimension limit).
        workgroups: grid1d(gpu, planes * WG, WG),
      },
    ],
    owned: [params],
  };
}
