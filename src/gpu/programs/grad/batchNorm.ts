// GPU programs for batch normalization in training (shaders/grad/batchNorm.wgsl). Twin:
// src/cpu/grad/batchNorm.ts. The training forward saves per-channel μ and 1/√(σ² + ε) and
// updates the running statistics in place; the backward reads them with the forward's input.

import type { Gpu } from '../../gpu';
import batchNormGradWGSL from '../../../../shaders/grad/batchNorm.wgsl?raw';
import channelStatsWGSL from '../../../../shaders/common/channelStats.wgsl?raw';
import reduceWGSL from '../../../../shaders/common/reduce.wgsl?raw';
import { shader } from '../../shaders';
import { uniformLayout } from '../../uniforms';
import { grid1d, numel, uniformBuffer, type GpuTensor, type Recorded } from '../program';
import { bindAt, sameShape } from './bind';

/** Invocations per workgroup; a power of two (the reductions halve it). */
const WG = 256;
export const SHADER = shader(
  'grad/batchNorm',
  [reduceWGSL, channelStatsWGSL, batchNormGradWGSL],
  uniformLayout([
    ['count', 'u32'],
    ['channels', 'u32'],
    ['inner', 'u32'],
    ['batch', 'u32'],
    ['eps', 'f32'],
    ['momentum', 'f32'],
  ] as const),
);

/** Per-channel statistics the forward saves for the backward: one f32 per channel each. */
export interface BatchNormSavedBuffers {
  readonly mean: GPUBuffer;
  /** 1 / √(σ² + ε), σ² the biased batch variance. */
  readonly invStd: GPUBuffer;
}

export interface BatchNormTrainBuffers extends BatchNormSavedBuffers {
  /** f32 [N, C, H, W] or [N, F]. */
  readonly x: GpuTensor;
  /** f32, x's shape, overwritten. */
  readonly out: GpuTensor;
  /** One f32 per channel each; the running statistics are updated in place. */
  readonly gamma: GPUBuffer;
  readonly beta: GPUBuffer;
  readonly runningMean: GPUBuffer;
  readonly runningVar: GPUBuffer;
}

export interface BatchNormBackwardBuffers extends BatchNormSavedBuffers {
  /** f32, the forward input's shape. */
  readonly dy: GpuTensor;
  /** f32: the forward's input. */
  readonly x: GpuTensor;
  /** One f32 per channel. */
  readonly gamma: GPUBuffer;
  /** f32, x's shape, overwritten. */
  readonly dx: GpuTensor;
  /** One f32 per channel each, overwritten (also read by the dx pass). */
  readonly dgamma: GPUBuffer;
  readonly dbeta: GPUBuffer;
}

function dims(label: string, shape: readonly number[]) {
  if (shape.length !== 2 && shape.length !== 4) {
    throw new RangeError(`${label}: needs [N, C, H, W] or [N, F], got [${shape.join(', ')}]`);
  }
  const [batch, channels] = shape;
  const inner = shape.length === 4 ? shape[2] * shape[3] : 1;
  return { count: numel(shape), batch, channels, inner };
}

function checkEps(label: string, eps: number) {
  if (!(eps > 0) || !Number.isFinite(eps)) {
    throw new RangeError(`${label}: epsilon must be a small positive number, got ${eps}`);
  }
}

/**
 * The training forward: normalizes with the batch statistics, saves them (mean, invStd), and
 * updates runningMean / runningVar with `momentum` (PyTorch: 0.1, the unbiased variance).
 */
export function batchNormTrainProgram(
  gpu: Gpu,
  b: BatchNormTrainBuffers,
  eps: number,
  momentum = 0.1,
  label = 'batchNorm.train',
): Recorded {
  sameShape(label, 'x and out', b.x.shape, b.out.shape);
  checkEps(label, eps);
  const d = dims(label, b.x.shape);
  if (d.batch * d.inner < 2) {
    throw new RangeError(
      `${label}: training mode needs more than one value per channel, got ${d.batch * d.inner}`,
    );
  }
  const params = uniformBuffer(gpu, SHADER.params, { ...d, eps, momentum }, `${label}.params`);
  const stats = gpu.pipelines.pipeline(SHADER, 'forward_stats', { WG });
  const apply = gpu.pipelines.pipeline(SHADER, 'forward_apply', { WG });
  const common = { 0: b.x.buffer, 1: params, 2: b.mean, 3: b.invStd };
  return {
    dispatches: [
      {
        label: `${label}.stats`,
        pipeline: stats,
        bindGroup: bindAt(gpu, stats, `${label}.stats.bind`, {
          ...common,
          4: b.runningMean,
          5: b.runningVar,
        }),
        workgroups: grid1d(gpu, d.channels * WG, WG), // one workgroup per channel
      },
      {
        label: `${label}.apply`,
        pipeline: apply,
        bindGroup: bindAt(gpu, apply, `${label}.apply.bind`, {
          ...common,
          6: b.gamma,
          7: b.beta,
          8: b.out.buffer,
        }),
        workgroups: grid1d(gpu, d.count, WG),
      },
    ],
    owned: [params],
  };
}

/**
 * dx, dγ, dβ. mode 'training': the statistics are the batch's own (batchNormTrainProgram);
 * 'inference': frozen ones (batchNormFrozenStatsProgram), and dx = γ·r·dy.
 */
export function batchNormBackwardProgram(
  gpu: Gpu,
  b: BatchNormBackwardBuffers,
  mode: 'training' | 'inference' = 'training',
  label = 'batchNorm.backward',
): Recorded {
  sameShape(label, 'dy and x', b.dy.shape, b.x.shape);
  sameShape(label, 'dy and dx', b.dy.shape, b.dx.shape);
  const d = dims(label, b.x.shape);
  const params = uniformBuffer(
    gpu,
    SHADER.params,
    { ...d, eps: 1, momentum: 0 },
    `${label}.params`,
  );
  const constants = { WG, FROZEN: mode === 'inference' ? 1 : 0 };
  const sums = gpu.pipelines.pipeline(SHADER, 'backward_params', { WG });
  const input = gpu.pipelines.pipeline(SHADER, 'backward_input', constants);
  const common = { 0: b.x.buffer, 1: params, 2: b.mean, 3: b.invStd, 9: b.dy.buffer };
  const grads = { 10: b.dgamma, 11: b.dbeta };
  return {
    dispatches: [
      {
        label: `${label}.params`,
        pipeline: sums,
        bindGroup: bindAt(gpu, sums, `${label}.params.bind`, { ...common, ...grads }),
        workgroups: grid1d(gpu, d.channels * WG, WG), // one workgroup per channel
      },
      {
        label: `${label}.input`,
        pipeline: input,
        bindGroup: bindAt(gpu, input, `${label}.input.bind`, {
          ...common,
          ...grads,
          6: b.gamma,
          12: b.dx.buffer,
        }),
        workgroups: grid1d(gpu, d.count, WG),
      },
    ],
    owned: [params],
  };
}

/** mean ← runningMean, invStd ← 1/√(runningVar + ε): the saved statistics of a frozen layer. */
export function batchNormFrozenStatsProgram(
  gpu: Gpu,
  b: BatchNormSavedBuffers & { readonly runningMean: GPUBuffer; readonly runningVar: GPUBuffer },
  channels: number,
  eps: number,
  label = 'batchNorm.frozen',
): Recorded {
  checkEps(label, eps);
  const values = { count: channels, channels, inner: 1, batch: 1, eps, momentum: 0 };
  const params = uniformBuffer(gpu, SHADER.params, values, `${label}.params`);
  const pipeline = gpu.pipelines.pipeline(SHADER, 'frozen_stats', { WG });
  return {
    dispatches: [
      {
        label,
        pipeline,
        bindGroup: bindAt(gpu, pipeline, `${label}.bind`, {
          1: params,
          2: b.mean,
          3: b.invStd,
          4: b.runningMean,
          5: b.runningVar,
        }),
        workgroups: grid1d(gpu, channels, WG),
      },
    ],
    owned: [params],
  };
}
