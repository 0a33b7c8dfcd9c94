// GPU program for the backward of the elementwise activations (shaders/grad/activation.wgsl).
// Twin: src/cpu/grad/activation.ts. The activation is a pipeline constant (its code in
// ACTIVATION_CODES), so each compiles only its own slope.

import type { ActivationFn } from '../../../core/layers';
import type { Gpu } from '../../gpu';
import activationGradWGSL from '../../../../shaders/grad/activation.wgsl?raw';
import activateWGSL from '../../../../shaders/common/activate.wgsl?raw';
import { shader } from '../../shaders';
import { uniformLayout } from '../../uniforms';
import { ACTIVATION_CODES } from '../activate';
import { bindGroup, grid1d, numel, uniformBuffer, type GpuTensor, type Recorded } from '../program';
import { sameShape } from './bind';

const WG = 256;
export const SHADER = shader(
  'grad/activation',
  [activateWGSL, activationGradWGSL],
  uniformLayout([
    ['count', 'u32'],
    ['alpha', 'f32'],
  ] as const),
);

export interface ActivationBackwardBuffers {
  /** f32, any shape: the gradient of the activation's output. */
  readonly dy: GpuTensor;
  /** f32, dy's shape: the activation's INPUT (pre-activation) from the forward. */
  readonly x: GpuTensor;
  /** f32, dy's shape, overwritten; a buffer of its own (not dy, not x). */
  readonly dx: GpuTensor;
}

export function activationBackwardProgram(
  gpu: Gpu,
  b: ActivationBackwardBuffers,
  fn: ActivationFn,
  alpha = 0.01,
  label = 'activation.backward',
): Recorded {
  sameShape(label, 'dy and x', b.dy.shape, b.x.shape);
  sameShape(label, 'dy and dx', b.dy.shape, b.dx.shape);
  if (!(fn in ACTIVATION_CODES)) throw new RangeError(`${label}: unknown activation '${fn}'`);
  const count = numel(b.dy.shape);
  const pipeline = gpu.pipelines.pipeline(SHADER, 'main', { WG, ACT: ACTIVATION_CODES[fn] });
  const params = uniformBuffer(gpu, SHADER.params, { count, alpha }, `${label}.params`);
  return {
    dispatches: [
      {
        label,
        pipeline,
        bindGroup: bindGroup(gpu, pipeline, `${label}.bind`, [
          b.dy.buffer,
          b.x.buffer,
          b.dx.buffer,
          params,
        ]),
        workgroups: grid1d(gpu, count, WG),
      },
    ],
    owned: [params],
  };
}
