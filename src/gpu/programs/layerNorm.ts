// GPU program for layer normalization (shaders/layerNorm.wgsl). Twin: src/cpu/layerNorm.ts.
// One workgroup per sample: mean, biased variance and the normalized output in one dispatch.

import type { Gpu } from '../gpu';
import layerNormWGSL from '../../../shaders/layerNorm.wgsl?raw';
import reduceWGSL from '../../../shaders/common/reduce.wgsl?raw';
import { shader } from '../shaders';
import { uniformLayout } from '../uniforms';
import { bindGroup, grid1d, numel, uniformBuffer, type GpuTensor, type Recorded } from './program';

/** Invocations per sample; a power of two (the reduction halves it). */
const WG = 256;
export const SHADER = shader(
  'layerNorm',
  [reduceWGSL, layerNormWGSL],
  uniformLayout([
    ['batch', 'u32'],
    ['size', 'u32'],
    ['eps', 'f32'],
  ] as const),
);

/**
 * x: [N, ...] (C×H×W or F per sample) → out of the same shape. gamma / beta: one f32 per value of
 * a sample, or null for 1 / 0 (PyTorch LayerNorm without elementwise_affine).
 */
export function layerNormProgram(
  gpu: Gpu,
  x: GpuTensor,
  out: GpuTensor,
  gamma: GPUBuffer | null,
  beta: GPUBuffer | null,
  eps: number,
  label = 'layerNorm',
): Recorded {
  if (x.shape.length < 2) {
    throw new RangeError(`${label}: needs [N, ...], got [${x.shape.join(', ')}]`);
  }
  if (!(eps > 0) || !Number.isFinite(eps)) {
    throw new RangeError(`${label}: epsilon must be a small positive number, got ${eps}`);
  }
  const batch = x.shape[0];
  const size = numel(x.shape.slice(1));
  const pipeline = gpu.pipelines.pipeline(SHADER, 'main', {
    WG,
    HAS_GAMMA: gamma !== null ? 1 : 0,
    HAS_BETA: beta !== null ? 1 : 0,
  });
  const params = uniformBuffer(gpu, SHADER.params, { batch, size, eps }, `${label}.params`);
  // A missing gamma or beta is never read (HAS_GAMMA / HAS_BETA false), but its binding is still
  // in the layout: x stands in (two read-only bindings of one buffer are allowed).
  const buffers = [x.buffer, out.buffer, params, gamma ?? x.buffer, beta ?? x.buffer];
  return {
    dispatches: [
      {
        label,
        pipeline,
        bindGroup: bindGroup(gpu, pipeline, `${label}.bind`, buffers),
        // One workgroup per sample.
        workgroups: grid1d(gpu, batch * WG, WG),
      },
    ],
    owned: [params],
  };
}
