// GPU program for batch normalization (shaders/batchNorm.wgsl). Twin: src/cpu/batchNorm.ts.
// Inference: one elementwise pass with the running statistics. Training: a reduction pass
// (a workgroup per channel) writes the batch mean and biased variance, then the same
// elementwise pass normalizes with them. The running statistics are never updated here.

import { STORAGE, type Gpu } from '../gpu';
import batchNormWGSL from '../../../shaders/batchNorm.wgsl?raw';
import channelStatsWGSL from '../../../shaders/common/channelStats.wgsl?raw';
import reduceWGSL from '../../../shaders/common/reduce.wgsl?raw';
import { shader } from '../shaders';
import { uniformLayout } from '../uniforms';
import {
  bindGroup,
  grid1d,
  numel,
  uniformBuffer,
  type Dispatch,
  type GpuTensor,
  type Recorded,
} from './program';

/** Invocations per workgroup, in both passes; a power of two (the reduction halves it). */
const WG = 256;
export const SHADER = shader(
  'batchNorm',
  [reduceWGSL, channelStatsWGSL, batchNormWGSL],
  uniformLayout([
    ['count', 'u32'],
    ['channels', 'u32'],
    ['inner', 'u32'],
    ['batch', 'u32'],
    ['eps', 'f32'],
  ] as const),
);

export interface BatchNormBuffers {
  /** One f32 per channel each. */
  readonly gamma: GPUBuffer;
  readonly beta: GPUBuffer;
  readonly runningMean: GPUBuffer;
  readonly runningVar: GPUBuffer;
}

export interface BatchNormStats {
  /** One f32 per channel: the batch mean, and the biased variance (divided by N × H × W). */
  readonly mean: GPUBuffer;
  readonly variance: GPUBuffer;
}

/**
 * x: [N, C, H, W] or [N, F] → out of the same shape. In training mode the batch statistics go to
 * `stats` when given (for the views), else to scratch buffers the program owns.
 */
export function batchNormProgram(
  gpu: Gpu,
  x: GpuTensor,
  out: GpuTensor,
  p: BatchNormBuffers,
  eps: number,
  mode: 'inference' | 'training',
  stats: BatchNormStats | null,
  label = 'batchNorm',
): Recorded {
  const rank = x.shape.length;
  if (rank !== 2 && rank !== 4) {
    throw new RangeError(`${label}: needs [N, C, H, W] or [N, F], got [${x.shape.join(', ')}]`);
  }
  if (!(eps > 0) || !Number.isFinite(eps)) {
    throw new RangeError(`${label}: epsilon must be a small positive number, got ${eps}`);
  }
  const [N, C] = x.shape;
  const inner = rank === 4 ? x.shape[2] * x.shape[3] : 1;
  if (mode === 'training' && N * inner < 2) {
    throw new RangeError(
      `${label}: training mode needs more than one value per channel, got ${N * inner}`,
    );
  }
  const count = numel(x.shape);
  const params = uniformBuffer(
    gpu,
    SHADER.params,
    { count, channels: C, inner, batch: N, eps },
    `${label}.params`,
  );
  const owned: GPUBuffer[] = [params];
  const dispatches: Dispatch[] = [];
  let mean = p.runningMean;
  let variance = p.runningVar;
  if (mode === 'training') {
    if (stats === null) {
      stats = {
        mean: gpu.buffers.acquire(C * 4, STORAGE, `${label}.mean`),
        variance: gpu.buffers.acquire(C * 4, STORAGE, `${label}.variance`),
      };
      owned.push(stats.mean, stats.variance);
    }
    ({ mean, variance } = stats);
    const pipeline = gpu.pipelines.pipeline(SHADER, 'stats', { WG });
    dispatches.push({
      label: `${label}.stats`,
      pipeline,
      bindGroup: bindGroup(gpu, pipeline, `${label}.stats.bind`, [
        x.buffer,
        params,
        mean,
        variance,
      ]),
      // One workgroup per channel.
      workgroups: grid1d(gpu, C * WG, WG),
    });
  }
  const pipeline = gpu.pipelines.pipeline(SHADER, 'apply', { WG });
  dispatches.push({
    label,
    pipeline,
    bindGroup: bindGroup(gpu, pipeline, `${label}.bind`, [
      x.buffer,
      params,
      mean,
      variance,
      p.gamma,
      p.beta,
      out.buffer,
    ]),
    workgroups: grid1d(gpu, count, WG),
  });
  return { dispatches, owned };
}
