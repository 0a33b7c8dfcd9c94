// GPU program for clipping by the global gradient norm (shaders/optim/clip.wgsl). Twin:
// src/cpu/optim/clip.ts. Dispatches: one `partial` per gradient buffer (a few workgroups each,
// their sums of squares into a scratch buffer this program owns), then one `finish` that sums
// them and writes [N, κ] into `clip`, which the update programs of the same pass read.

import type { Gpu } from '../../gpu';
import { STORAGE } from '../../gpu';
import reduceWGSL from '../../../../shaders/common/reduce.wgsl?raw';
import clipWGSL from '../../../../shaders/optim/clip.wgsl?raw';
import { CLIP_EPS } from '../../../core/train/optim';
import { shader } from '../../shaders';
import { uniformLayout } from '../../uniforms';
import { bindGroup, uniformBuffer, type Dispatch, type Recorded } from '../program';

/** Invocations per workgroup; a power of two (the reduction halves it). */
const WG = 256;
/** Workgroups per gradient buffer at most: past 64 × 256 elements each invocation loops. */
const MAX_GROUPS = 64;
/** Bytes of the result buffer: f32 [N, κ], padded to 16. */
export const CLIP_BYTES = 16;

export const SHADER = shader(
  'clip',
  [reduceWGSL, clipWGSL],
  uniformLayout([
    ['count', 'u32'],
    ['offset', 'u32'],
    ['maxNorm', 'f32'],
  ] as const),
);

export interface GradBuffer {
  readonly buffer: GPUBuffer;
  /** Values (float32) in the buffer. */
  readonly count: number;
}

const groupsFor = (count: number) => Math.min(MAX_GROUPS, Math.max(1, Math.ceil(count / WG)));

/**
 * Writes N = ‖(g₁, g₂, …)‖₂ over every buffer of `grads` and κ = min(1, c / (N + 1e-6)) to
 * `clip` (CLIP_BYTES, f32 [N, κ]), c = `clipNorm`. No gradient is changed.
 */
export function clipNormProgram(
  gpu: Gpu,
  grads: readonly GradBuffer[],
  clip: GPUBuffer,
  clipNorm: number,
  label = 'clip',
): Recorded {
  if (!(clipNorm > 0))
    throw new RangeError(`${label}: the clipping norm must be > 0, got ${clipNorm}`);
  const partialPipeline = gpu.pipelines.pipeline(SHADER, 'partial', { WG });
  const finishPipeline = gpu.pipelines.pipeline(SHADER, 'finish', { WG, EPS: CLIP_EPS });
  const total = grads.reduce((s, g) => s + groupsFor(g.count), 0);
  const partials = gpu.buffers.acquire(total * 4, STORAGE, `${label}.partials`);
  const owned: GPUBuffer[] = [partials];
  const dispatches: Dispatch[] = [];
  let offset = 0;
  grads.forEach((g, i) => {
    const groups = groupsFor(g.count);
    const params = uniformBuffer(
      gpu,
      SHADER.params,
      { count: g.count, offset, maxNorm: clipNorm },
      `${label}.partial${i}.params`,
    );
    owned.push(params);
    dispatches.push({
      label: `${label}.partial${i}`,
      pipeline: partialPipeline,
      bindGroup: bindGroup(gpu, partialPipeline, `${label}.partial${i}.bind`, [
        params,
        g.buffer,
        partials,
      ]),
      workgroups: [groups, 1, 1],
    });
    offset += groups;
  });
  const params = uniformBuffer(
    gpu,
    SHADER.params,
    { count: total, offset: 0, maxNorm: clipNorm },
    `${label}.finish.params`,
  );
  owned.push(params);
  dispatches.push({
    label: `${label}.finish`,
    pipeline: finishPipeline,
    bindGroup: bindGroup(gpu, finishPipeline, `${label}.finish.bind`, [params, partials, clip]),
    workgroups: [1, 1, 1],
  });
  return { dispatches, owned };
}
