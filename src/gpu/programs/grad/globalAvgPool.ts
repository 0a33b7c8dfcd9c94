// GPU program for the backward of global average pooling (shaders/grad/globalAvgPool.wgsl).
// Twin: src/cpu/grad/globalAvgPool.ts.

import type { Gpu } from '../../gpu';
import globalAvgPoolGradWGSL from '../../../../shaders/grad/globalAvgPool.wgsl?raw';
import { shader } from '../../shaders';
import { uniformLayout } from '../../uniforms';
import { bindGroup, grid1d, numel, uniformBuffer, type GpuTensor, type Recorded } from '../program';

const WG = 256;
export const SHADER = shader(
  'grad/globalAvgPool',
  [globalAvgPoolGradWGSL],
  uniformLayout([
    ['count', 'u32'],
    ['plane', 'u32'],
  ] as const),
);

export interface GlobalAvgPoolBackwardBuffers {
  /** [N, C, 1, 1] (or [N, C]) f32. */
  readonly dy: GpuTensor;
  /** [N, C, H, W] f32, overwritten. */
  readonly dx: GpuTensor;
}

export function globalAvgPoolBackwardProgram(
  gpu: Gpu,
  b: GlobalAvgPoolBackwardBuffers,
  label = 'globalAvgPool.backward',
): Recorded {
  const s = b.dx.shape;
  if (s.length !== 4 || numel(b.dy.shape) !== s[0] * s[1]) {
    throw new RangeError(
      `${label}: dy [${b.dy.shape.join(', ')}] does not fit dx [${s.join(', ')}]`,
    );
  }
  const count = numel(s);
  const pipeline = gpu.pipelines.pipeline(SHADER, 'main', { WG });
  const params = uniformBuffer(
    gpu,
    SHADER.params,
    { count, plane: s[2] * s[3] },
    `${label}.params`,
  );
  return {
    dispatches: [
      {
        label,
        pipeline,
        bindGroup: bindGroup(gpu, pipeline, `${label}.bind`, [b.dy.buffer, b.dx.buffer, params]),
        workgroups: grid1d(gpu, count, WG),
      },
    ],
    owned: [params],
  };
}
