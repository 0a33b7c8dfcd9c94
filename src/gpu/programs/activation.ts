// GPU program for the elementwise activations (shaders/activation.wgsl). Twin: src/cpu/activation.ts.

import type { ActivationFn } from '../../core/layers';
import type { Gpu } from '../gpu';
import activationWGSL from '../../../shaders/activation.wgsl?raw';
import activateWGSL from '../../../shaders/common/activate.wgsl?raw';
import { epilogue } from './conv2dEpilogue';
import { withCommon } from '../shaders';
import { uniformLayout } from '../uniforms';
import { bindGroup, grid1d, numel, uniformBuffer, type GpuTensor, type Recorded } from './program';

/** Kind codes of the activations in shaders/common/activate.wgsl (sigmoid 3 … silu 6). */
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

const SHADER = withCommon(`${activateWGSL}\n${activationWGSL}`);
const WG = 256;
const PARAMS = uniformLayout([
  ['count', 'u32'],
  ['neg_slope', 'f32'],
  ['hi', 'f32'],
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
  const e = epilogue({ fn, alpha });
  const pipeline = gpu.pipelines.pipeline(
    `activation:act=${e.kind}:wg=${WG}`,
    'activation',
    SHADER,
    {
      WG,
      ACT: e.kind,
    },
  );
  const values = { count, neg_slope: e.negSlope, hi: e.hi };
  const params = uniformBuffer(gpu, PARAMS, values, `${label}.params`);
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
