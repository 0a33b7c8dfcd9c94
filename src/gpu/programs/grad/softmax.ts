// GPU program for the backward of softmax along axis 1 (shaders/grad/softmax.wgsl). Twin:
// src/cpu/grad/softmax.ts. As the forward: a workgroup per row for [N, F] (and [N, C, 1, 1]),
// an invocation per (n, position) for [N, C, H, W].

import type { Gpu } from '../../gpu';
import reduceWGSL from '../../../../shaders/common/reduce.wgsl?raw';
import softmaxGradWGSL from '../../../../shaders/grad/softmax.wgsl?raw';
import { shader } from '../../shaders';
import { uniformLayout } from '../../uniforms';
import { bindGroup, grid1d, numel, uniformBuffer, type GpuTensor, type Recorded } from '../program';
import { sameShape } from './bind';

const WG = 256;
export const SHADER = shader(
  'grad/softmax',
  [reduceWGSL, softmaxGradWGSL],
  uniformLayout([
    ['batch', 'u32'],
    ['channels', 'u32'],
    ['inner', 'u32'],
  ] as const),
);

export interface SoftmaxBackwardBuffers {
  /** f32 [N, F] or [N, C, ...]: the gradient of softmax's output. */
  readonly dy: GpuTensor;
  /** f32, dy's shape: softmax's OUTPUT from the forward. */
  readonly y: GpuTensor;
  /** f32, dy's shape, overwritten. */
  readonly dx: GpuTensor;
}

export function softmaxBackwardProgram(
  gpu: Gpu,
  b: SoftmaxBackwardBuffers,
  label = 'softmax.backward',
): Recorded {
  if (b.y.shape.length < 2) {
    throw new RangeError(`${label}: needs [N, F] or [N, C, H, W], got [${b.y.shape.join(', ')}]`);
  }
  sameShape(label, 'dy and y', b.dy.shape, b.y.shape);
  sameShape(label, 'dy and dx', b.dy.shape, b.dx.shape);
  const [batch, channels] = b.y.shape;
  const inner = numel(b.y.shape.slice(2));
  const entry = inner === 1 ? 'rows' : 'positions';
  const pipeline = gpu.pipelines.pipeline(SHADER, entry, { WG });
  const params = uniformBuffer(gpu, SHADER.params, { batch, channels, inner }, `${label}.params`);
  return {
    dispatches: [
      {
        label,
        pipeline,
        bindGroup: bindGroup(gpu, pipeline, `${label}.bind`, [
          b.y.buffer,
          b.dy.buffer,
          b.dx.buffer,
          params,
        ]),
        workgroups: grid1d(gpu, entry === 'rows' ? batch * WG : batch * inner, WG),
      },
    ],
    owned: [params],
  };
}
