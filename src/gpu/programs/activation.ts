// GPU program for the elementwise activations (shaders/activation.wgsl). Twin: src/cpu/activation.ts.

import type { ActivationFn } from '../../core/layers';
import type { Gpu } from '../gpu';
import activationWGSL from '../../../shaders/activation.wgsl?raw';
import { withCommon } from '../shaders';
import { uniformLayout } from '../uniforms';
import { bindGroup, grid1d, numel, uniformBuffer, type GpuTensor, type Recorded } from './program';

/** The FN override constant of each activation; must match the switch in activation.wgsl. */
export const ACTIVATION_CODES: Record<ActivationFn, number> = {
  relu: 0,
  relu6: 1,
  leakyRelu: 2,
  sigmoid: 3,
  tanh: 4,
  gelu: 5,
  silu: 6,
  identity: 7,
};

const SHADER = withCommon(activationWGSL);
const WG = 256;
const PARAMS = uniformLayout([
  ['count', 'u32'],
  ['alpha', 'f32'],
] as const);

export function activationProgram(
  gpu: Gpu,
  x: GpuTensor,
  out: GpuTensor,
  fn: ActivationFn,
  alpha = 0.01,
  label = 'activation',
): Recorded {
  const count = numel(x.shape);
  const pipeline = gpu.pipelines.pipeline(`activation:${fn}:wg=${WG}`, 'activation', SHADER, {
    WG,
    FN: ACTIVATION_CODES[fn],
  });
  const params = uniformBuffer(gpu, PARAMS, { count, alpha }, `${label}.params`);
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
