// GPU programs for layer normalization in training (shaders/grad/layerNorm.wgsl). Twin:
// src/cpu/grad/layerNorm.ts. The training forward saves each sample's μ and 1/√(σ² + ε); the
// backward reads them with the forward's input.

import type { Gpu } from '../../gpu';
import layerNormGradWGSL from '../../../../shaders/grad/layerNorm.wgsl?raw';
import reduceWGSL from '../../../../shaders/common/reduce.wgsl?raw';
import { shader } from '../../shaders';
import { uniformLayout } from '../../uniforms';
import { grid1d, numel, uniformBuffer, type GpuTensor, type Recorded } from '../program';
import { bindAt, sameShape } from './bind';

/** Invocations per sample; a power of two (the reductions halve it). */
const WG = 256;
export const SHADER = shader(
  'grad/layerNorm',
  [reduceWGSL, layerNormGradWGSL],
  uniformLayout([
    ['batch', 'u32'],
    ['size', 'u32'],
    ['eps', 'f32'],
  ] as const),
);

/** One f32 per sample each. */
export interface LayerNormSavedBuffers {
  readonly mean: GPUBuffer;
  /** 1 / √(σ² + ε), σ² the sample's biased variance. */
  readonly rstd: GPUBuffer;
}

export interface LayerNormTrainBuffers extends LayerNormSavedBuffers {
  /** f32 [N, ...]. */
  readonly x: GpuTensor;
  /** f32, x's shape, overwritten. */
  readonly out: GpuTensor;
  /** One f32 per value of a sample each, or null (1 and 0: no elementwise affine). */
  readonly gamma: GPUBuffer | null;
  readonly beta: GPUBuffer | null;
}

export interface LayerNormBackwardBuffers extends LayerNormSavedBuffers {
  /** f32, x's shape. */
  readonly dy: GpuTensor;
  /** f32: the forward's input. */
  readonly x: GpuTensor;
  /** One f32 per value of a sample, or null (1). */
  readonly gamma: GPUBuffer | null;
  /** f32, x's shape, overwritten. */
  readonly dx: GpuTensor;
  /** One f32 per value of a sample each, overwritten; null without elementwise affine. */
  readonly dgamma: GPUBuffer | null;
  readonly dbeta: GPUBuffer | null;
}

function dims(label: string, shape: readonly number[]) {
  if (shape.length < 2) throw new RangeError(`${label}: needs [N, ...], got [${shape.join(', ')}]`);
  return { batch: shape[0], size: numel(shape.slice(1)) };
}

/** The training forward: out as layerNormProgram, plus each sample's mean and rstd. */
export function layerNormTrainProgram(
  gpu: Gpu,
  b: LayerNormTrainBuffers,
  eps: number,
  label = 'layerNorm.train',
): Recorded {
  sameShape(label, 'x and out', b.x.shape, b.out.shape);
  if (!(eps > 0) || !Number.isFinite(eps)) {
    throw new RangeError(`${label}: epsilon must be a small positive number, got ${eps}`);
  }
  const d = dims(label, b.x.shape);
  const pipeline = gpu.pipelines.pipeline(SHADER, 'forward', {
    WG,
    HAS_GAMMA: b.gamma !== null ? 1 : 0,
    HAS_BETA: b.beta !== null ? 1 : 0,
  });
  const params = uniformBuffer(gpu, SHADER.params, { ...d, eps }, `${label}.params`);
  // A missing gamma or beta is never read; x stands in for its binding (read-only aliases).
  return {
    dispatches: [
      {
        label,
        pipeline,
        bindGroup: bindAt(gpu, pipeline, `${label}.bind`, {
          0: b.x.buffer,
          1: params,
          2: b.mean,
          3: b.rstd,
          4: b.gamma ?? b.x.buffer,
          5: b.beta ?? b.x.buffer,
          6: b.out.buffer,
        }),
        workgroups: grid1d(gpu, d.batch * WG, WG), // one workgroup per sample
      },
    ],
    owned: [params],
  };
}

/** dx, and with dgamma / dbeta given (elementwise affine) dγ and dβ. */
export function layerNormBackwardProgram(
  gpu: Gpu,
  b: LayerNormBackwardBuffers,
  label = 'layerNorm.backward',
): Recorded {
  sameShape(label, 'dy and x', b.dy.shape, b.x.shape);
  sameShape(label, 'dy and dx', b.dy.shape, b.dx.shape);
  if ((b.dgamma === null) !== (b.dbeta === null)) {
    throw new RangeError(`${label}: dgamma and dbeta come together (elementwise affine) or not`);
  }
  const d = dims(label, b.x.shape);
  const params = uniformBuffer(gpu, SHADER.params, { ...d, eps: 1 }, `${label}.params`);
  const common = { 0: b.x.buffer, 1: params, 2: b.mean, 3: b.rstd, 7: b.dy.buffer };
  const input = gpu.pipelines.pipeline(SHADER, 'backward_input', {
    WG,
    HAS_GAMMA: b.gamma !== null ? 1 : 0,
  });
  const dispatches = [
    {
      label: `${label}.input`,
      pipeline: input,
      bindGroup: bindAt(gpu, input, `${label}.input.bind`, {
        ...common,
        4: b.gamma ?? b.x.buffer,
        8: b.dx.buffer,
      }),
      workgroups: grid1d(gpu, d.batch * WG, WG), // one workgroup per sample
    },
  ];
  if (b.dgamma !== null && b.dbeta !== null) {
    const sums = gpu.pipelines.pipeline(SHADER, 'backward_params', { WG });
    dispatches.push({
      label: `${label}.params`,
      pipeline: sums,
      bindGroup: bindAt(gpu, sums, `${label}.params.bind`, {
        ...common,
        9: b.dgamma,
        10: b.dbeta,
      }),
      workgroups: grid1d(gpu, d.size, WG), // one invocation per value of a sample
    });
  }
  return { dispatches, owned: [params] };
}
