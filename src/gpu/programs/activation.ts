// GPU program for the elementwise activations (shaders/activation.wgsl). Twin: src/cpu/activation.ts.

import type { ActivationFn } from '../../core/layers';
import type { Gpu } from '../gpu';
import activationWGSL from '../../../shaders/activation.wgsl?raw';
import activateWGSL from '../../../shaders/common/activate.wgsl?raw';
import { shader } from '../shaders';
import { uniformLayout } from '../uniforms';
import { epilogue } from './activate';
import { bindGroup, grid1d, numel, uniformBuffer, type GpuTensor, type Recorded } from './program';

const WG = 256;
export const SHADER = shader(
  'activation',
  [activateWGSL, activationWGSL],
  uniformLayout([
    ['count', 'u32'],
    ['negSlope', 'f32'],
    ['hi', 'f32'],
    ['zeroNeg', 'u32'],
  ] as const),
);

export function activationProgram(
  gpu: Gpu,
  x: GpuTensor,
  out: GpuTensor,
  fn: ActivationFn,
  alpha = 0.01,
  label = 'activation',
): Recorded {
  const count = numel(x.shape);
  const e = epilogue({ fn, alpha });
  const pipeline = gpu.pipelines.pipeline(SHADER, 'main', { WG, ACT: e.kind });
  const values = { count, negSlope: e.negSlope, hi: e.hi, zeroNeg: e.zeroNeg };
  const params = uniformBuffer(gpu, SHADER.params, values, `${label}.params`);
  return {
    dispatches: [
      {
        label,
        pipeline,
        bindGroup: bindGroup(gpu, pipeline, `${label}.bind`, [x.buffer, out.buffer, params]),
        workgroups: grid1d(gpu, count, WG),
      },
    ],
    owned: [params],
  };
}
