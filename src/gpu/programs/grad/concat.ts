// GPU program for the backward of concatenation along axis 1 (shaders/grad/concat.wgsl). Twin:
// src/cpu/grad/concat.ts. One copy dispatch per input, reading its channels of dy.

import type { Gpu } from '../../gpu';
import concatGradWGSL from '../../../../shaders/grad/concat.wgsl?raw';
import { shader } from '../../shaders';
import { uniformLayout } from '../../uniforms';
import {
  bindGroup,
  grid1d,
  numel,
  uniformBuffer,
  type Dispatch,
  type GpuTensor,
  type Recorded,
} from '../program';

const WG = 256;
export const SHADER = shader(
  'grad/concat',
  [concatGradWGSL],
  uniformLayout([
    ['count', 'u32'],
    ['block', 'u32'],
    ['outBlock', 'u32'],
    ['offset', 'u32'],
  ] as const),
);

export interface ConcatBackwardBuffers {
  /** f32 [N, ΣC_k, ...]: the gradient of the concatenation's output. */
  readonly dy: GpuTensor;
  /** f32 [N, C_k, ...], one per input in order, each overwritten with its channels of dy. */
  readonly dxs: readonly GpuTensor[];
}

export function concatBackwardProgram(
  gpu: Gpu,
  b: ConcatBackwardBuffers,
  label = 'concat.backward',
): Recorded {
  const { dy, dxs } = b;
  if (dxs.length < 1 || dy.shape.length < 2) {
    throw new RangeError(`${label}: needs dy [N, C, ...] and at least one input`);
  }
  const inner = numel(dy.shape.slice(2));
  const rest = (s: readonly number[]) => [s[0], ...s.slice(2)].join(',');
  const total = dxs.reduce((sum, x) => sum + x.shape[1], 0);
  const bad = dxs.find(
    (x) => x.shape.length !== dy.shape.length || rest(x.shape) !== rest(dy.shape),
  );
  if (bad || total !== dy.shape[1]) {
    throw new RangeError(
      `${label}: [${dy.shape.join(', ')}] does not split into [${dxs.map((x) => x.shape.join(', ')).join('], [')}]`,
    );
  }
  const outBlock = total * inner;
  const pipeline = gpu.pipelines.pipeline(SHADER, 'main', { WG });
  const owned: GPUBuffer[] = [];
  const dispatches: Dispatch[] = [];
  let channel = 0;
  dxs.forEach((dx, k) => {
    const count = numel(dx.shape);
    const part = `${label}.${k}`;
    const params = uniformBuffer(
      gpu,
      SHADER.params,
      { count, block: dx.shape[1] * inner, outBlock, offset: channel * inner },
      `${part}.params`,
    );
    owned.push(params);
    dispatches.push({
      label: part,
      pipeline,
      bindGroup: bindGroup(gpu, pipeline, `${part}.bind`, [dy.buffer, dx.buffer, params]),
      workgroups: grid1d(gpu, count, WG),
    });
    channel += dx.shape[1];
  });
  return { dispatches, owned };
}
