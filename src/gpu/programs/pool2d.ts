// GPU program for max and average pooling (shaders/pool2d.wgsl). Twin: src/cpu/pool2d.ts.
// Every size comes from the WindowInfo of core poolInfo(); the shader only walks the windows.

import type { Pool2dLayer } from '../../core/layers';
import type { WindowInfo } from '../../core/shape';
import type { Gpu } from '../gpu';
import pool2dWGSL from '../../../shaders/pool2d.wgsl?raw';
import { shader } from '../shaders';
import { uniformLayout } from '../uniforms';
import { bindGroup, grid1d, uniformBuffer, type GpuTensor, type Recorded } from './program';

const WG = 256;
export const SHADER = shader(
  'pool2d',
  [pool2dWGSL],
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

/**
 * x: [N, C, H, W] → out: [N, C, H_out, W_out] as `info` (= poolInfo(layer, x.shape)) says.
 * argmax: for max pooling, a buffer of one i32 per output element that receives the winner's
 * flat index y * W + x inside its channel plane (first maximum on ties; a NaN wins), or null to
 * skip it. Average pooling takes no argmax.
 */
export function pool2dProgram(
  gpu: Gpu,
  x: GpuTensor,
  out: GpuTensor,
  layer: Pool2dLayer,
  info: WindowInfo,
  argmax: GPUBuffer | null,
  label = 'pool2d',
): Recorded {
  const isMax = layer.kind === 'maxPool2d';
  if (!isMax && argmax !== null) {
    throw new RangeError(`${label}: average pooling has no argmax`);
  }
  const { h, w } = info;
  const count = info.batch * info.inChannels * h.out * w.out;
  const entry = isMax ? (argmax !== null ? 'max_argmax' : 'max_plain') : 'avg';
  const pipeline = gpu.pipelines.pipeline(SHADER, entry, { WG });
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
      // PyTorch's default for AvgPool2d is count_include_pad=True.
      includePad: (layer.countIncludePad ?? true) ? 1 : 0,
    },
    `${label}.params`,
  );
  const buffers = [x.buffer, out.buffer, params, ...(argmax !== null ? [argmax] : [])];
  return {
    dispatches: [
      {
        label,
        pipeline,
        bindGroup: bindGroup(gpu, pipeline, `${label}.bind`, buffers),
        workgroups: grid1d(gpu, count, WG),
      },
    ],
    owned: [params],
  };
}
