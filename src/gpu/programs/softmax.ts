// GPU program for softmax along axis 1 (shaders/softmax.wgsl). Twin: src/cpu/softmax.ts.
// [N, F] (nothing after axis 1): a workgroup per row with max and sum reductions, since F can
// be long (1000 classes). [N, C, H, W]: an invocation per (n, position) looping over C channels.

import type { Gpu } from '../gpu';
import reduceWGSL from '../../../shaders/common/reduce.wgsl?raw';
import softmaxWGSL from '../../../shaders/softmax.wgsl?raw';
import { shader } from '../shaders';
import { uniformLayout } from '../uniforms';
import { bindGroup, grid1d, numel, uniformBuffer, type GpuTensor, type Recorded } from './program';

/** Invocations per workgroup in both entry points; a power of two (the reduction halves it). */
const WG = 256;
export const SHADER = shader(
  'softmax',
  [reduceWGSL, softmaxWGSL],
  uniformLayout([
    ['batch', 'u32'],
    ['channels', 'u32'],
    ['inner', 'u32'],
  ] as const),
);

/** x: [N, F] or [N, C, ...] → out of the same shape, softmax over axis 1. */
export function softmaxProgram(
  gpu: Gpu,
  x: GpuTensor,
  out: GpuTensor,
  label = 'softmax',
): Recorded {
  if (x.shape.length < 2) {
    throw new RangeError(`${label}: needs [N, F] or [N, C, H, W], got [${x.shape.join(', ')}]`);
  }
  const [batch, channels] = x.shape;
  const inner = numel(x.shape.slice(2));
  // [N, C, 1, 1] (after global pooling) is a row per sample too.
  const entry = inner === 1 ? 'rows' : 'positions';
  const pipeline = gpu.pipelines.pipeline(SHADER, entry, { WG });
  const params = uniformBuffer(gpu, SHADER.params, { batch, channels, inner }, `${label}.params`);
  return {
    dispatches: [
      {
        label,
        pipeline,
        bindGroup: bindGroup(gpu, pipeline, `${label}.bind`, [x.buffer, out.buffer, params]),
        // rows: one workgroup per row; positions: one invocation per (n, position).
        workgroups: grid1d(gpu, entry === 'rows' ? batch * WG : batch * inner, WG),
      },
    ],
    owned: [params],
  };
}
