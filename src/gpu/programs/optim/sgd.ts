// GPU program for one SGD update of one parameter tensor (shaders/optim/sgd.wgsl). Twin:
// src/cpu/optim/sgd.ts. Record it once per tensor; it reads the step's numbers from its slot of
// the per-step buffer (hyper.ts), so the same dispatch serves every step.

import type { Gpu } from '../../gpu';
import sgdWGSL from '../../../../shaders/optim/sgd.wgsl?raw';
import { shader } from '../../shaders';
import { uniformLayout } from '../../uniforms';
import { bindGroup, grid1d, uniformBuffer, type Recorded } from '../program';
import type { UpdateTarget } from './hyper';

const WG = 256;
export const SHADER = shader(
  'sgd',
  [sgdWGSL],
  uniformLayout([
    ['count', 'u32'],
    ['slot', 'u32'],
  ] as const),
);

/**
 * p ← p − η d for the tensor in `t`. `momentum`: its buffer b (`count` floats, kept between
 * steps; its contents before the first step do not matter), or null when μ = 0.
 */
export function sgdProgram(
  gpu: Gpu,
  t: UpdateTarget & { readonly momentum: GPUBuffer | null },
  label = 'sgd',
): Recorded {
  const entry = t.momentum ? 'momentum' : 'plain';
  const pipeline = gpu.pipelines.pipeline(SHADER, entry, { WG, CLIP: t.clip ? 1 : 0 });
  const params = uniformBuffer(
    gpu,
    SHADER.params,
    { count: t.count, slot: t.slot },
    `${label}.params`,
  );
  // Without clipping the shader never reads `clip`: bind the (read-only) step buffer there.
  const buffers = [params, t.param, t.grad, t.hyper, t.clip ?? t.hyper];
  if (t.momentum) buffers.push(t.momentum);
  return {
    dispatches: [
      {
        label: `${label}.${entry}`,
        pipeline,
        bindGroup: bindGroup(gpu, pipeline, `${label}.bind`, buffers),
        workgroups: grid1d(gpu, t.count, WG),
      },
    ],
    owned: [params],
  };
}
