// GPU program for the backward of max and average pooling (shaders/grad/pool2d.wgsl). Twin:
// src/cpu/grad/pool2d.ts. One invocation per input cell gathers from the outputs covering it.

import type { Pool2dLayer } from '../../../core/layers';
import type { WindowInfo } from '../../../core/shape';
import type { Gpu } from '../../gpu';
import pool2dGradWGSL from '../../../../shaders/grad/pool2d.wgsl?raw';
import { shader } from '../../shaders';
import { uniformLayout } from '../../uniforms';
import { grid1d, numel, uniformBuffer, type GpuTensor, type Recorded } from '../program';
import { bindAt } from './bind';

const WG = 256;
export const SHADER = shader(
  'grad/pool2d',
  [pool2dGradWGSL],
  uniformLayout([
    ['count', 'u32'],
    ['inH', 'u32'],
    ['inW', 'u32'],
    ['outH', 'u32'],
    ['outW', 'u32'],
    ['kernelH', 'i32'],
    ['kernelW', 'i32'],
    ['strideH', 'i32'],
    ['strideW', 'i32'],
    ['padH', 'i32'],
    ['padW', 'i32'],
    ['includePad', 'u32'],
  ] as const),
);

export interface Pool2dBackwardBuffers {
  /** [N, C, H_out, W_out] f32: the gradient of the pooling's output. */
  readonly dy: GpuTensor;
  /**
   * Max pooling: the forward's winners (pool2dProgram's argmax), one i32 per output element,
   * y · W + x inside its channel plane. null for average pooling.
   */
  readonly argmax: GPUBuffer | null;
  /** [N, C, H, W] f32: receives the input's gradient (overwritten, never accumulated). */
  readonly dx: GpuTensor;
}

/** info = poolInfo(layer, dx.shape), as the forward used. */
export function pool2dBackwardProgram(
  gpu: Gpu,
  b: Pool2dBackwardBuffers,
  layer: Pool2dLayer,
  info: WindowInfo,
  label = 'pool2d.backward',
): Recorded {
  const isMax = layer.kind === 'maxPool2d';
  if (isMax !== (b.argmax !== null)) {
    throw new RangeError(
      `${label}: ${isMax ? 'max pooling needs the forward argmax' : 'average pooling has no argmax'}`,
    );
  }
  const { h, w } = info;
  const want = [info.batch, info.inChannels, h.out, w.out];
  if (
    b.dy.shape.join() !== want.join() ||
    numel(b.dx.shape) !== info.batch * info.inChannels * h.size * w.size
  ) {
    throw new RangeError(
      `${label}: dy [${b.dy.shape.join(', ')}] / dx [${b.dx.shape.join(', ')}] do not fit the pooling`,
    );
  }
  const count = numel(b.dx.shape);
  const pipeline = gpu.pipelines.pipeline(SHADER, isMax ? 'max_pool' : 'avg_pool', { WG });
  const params = uniformBuffer(
    gpu,
    SHADER.params,
    {
      count,
      inH: h.size,
      inW: w.size,
      outH: h.out,
      outW: w.out,
      kernelH: h.kernel,
      kernelW: w.kernel,
      strideH: h.stride,
      strideW: w.stride,
      padH: h.padBegin,
      padW: w.padBegin,
      includePad: (layer.countIncludePad ?? true) ? 1 : 0,
    },
    `${label}.params`,
  );
  const buffers: Record<number, GPUBuffer> = { 0: b.dy.buffer, 1: b.dx.buffer, 2: params };
  if (b.argmax !== null) buffers[3] = b.argmax;
  return {
    dispatches: [
      {
        label,
        pipeline,
        bindGroup: bindAt(gpu, pipeline, `${label}.bind`, buffers),
        workgroups: grid1d(gpu, count, WG),
      },
    ],
    owned: [params],
  };
}
