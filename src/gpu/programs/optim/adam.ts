// GPU program for one Adam or AdamW update of one parameter tensor (shaders/optim/adam.wgsl).
// Twin: src/cpu/optim/adam.ts. AdamW differs only in the numbers packed into its slot of the
// per-step buffer (hyper.ts), so both share one pipeline.

import type { Gpu } from '../../gpu';
import adamWGSL from '../../../../shaders/optim/adam.wgsl?raw';
import { shader } from '../../shaders';
import { uniformLayout } from '../../uniforms';
import { bindGroup, grid1d, uniformBuffer, type Recorded } from '../program';
import type { UpdateTarget } from './hyper';

const WG = 256;
export const SHADER = shader(
  'adam',
  [adamWGSL],
  uniformLayout([
    ['count', 'u32'],
    ['slot', 'u32'],
  ] as const),
);

/**
 * The Adam step of the tensor in `t`. `m`, `v`: its moment buffers (`count` floats each, kept
 * between steps; their contents before the first step do not matter).
 */
export function adamProgram(
  gpu: Gpu,
  t: UpdateTarget & { readonly m: GPUBuffer; readonly v: GPUBuffer },
  label = 'adam',
): Recorded {
  const pipeline = gpu.pipelines.pipeline(SHADER, 'main', { WG, CLIP: t.clip ? 1 : 0 });
  const params = uniformBuffer(
    gpu,
    SHADER.params,
    { count: t.count, slot: t.slot },
    `${label}.params`,
  );
  return {
    dispatches: [
      {
        label,
        pipeline,
        bindGroup: bindGroup(gpu, pipeline, `${label}.bind`, [
          params,
          t.param,
          t.grad,
          t.hyper,
          t.clip ?? t.hyper, // never read without clipping
          t.m,
          t.v,
        ]),
        workgroups: grid1d(gpu, t.count, WG),
      },
    ],
    owned: [params],
  };
}
