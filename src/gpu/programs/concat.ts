// GPU program for concatenation along axis 1 (shaders/concat.wgsl). Twin: src/cpu/concat.ts.
// One copy dispatch per input, writing at its channel offset; works for [N, C, H, W] and [N, F].

import type { Gpu } from '../gpu';
import concatWGSL from '../../../shaders/concat.wgsl?raw';
import { shader } from '../shaders';
import { uniformLayout } from '../uniforms';
import {
  bindGroup,
  grid1d,
  numel,
  uniformBuffer,
  type Dispatch,
  type GpuTensor,
  type Recorded,
} from './program';

const WG = 256;
export const SHADER = shader(
  'concat',
  [concatWGSL],
  uniformLayout([
    ['count', 'u32'],
    ['block', 'u32'],
    ['outBlock', 'u32'],
    ['offset', 'u32'],
  ] as const),
);

/** out = torch.cat(xs, dim=1): the inputs agree on every axis but 1, and out is their join. */
export function concatProgram(
  gpu: Gpu,
  xs: readonly GpuTensor[],
  out: GpuTensor,
  label = 'concat',
): Recorded {
  if (xs.length < 1) throw new RangeError(`${label}: needs at least one input`);
  if (out.shape.length < 2) {
    throw new RangeError(`${label}: joins axis 1 of [N, C, ...], got [${out.shape.join(', ')}]`);
  }
  const inner = numel(out.shape.slice(2));
  const rest = (s: readonly number[]) => [s[0], ...s.slice(2)].join(',');
  const total = xs.reduce((sum, x) => sum + x.shape[1], 0);
  const bad = xs.find(
    (x) => x.shape.length !== out.shape.length || rest(x.shape) !== rest(out.shape),
  );
  if (bad || total !== out.shape[1]) {
    throw new RangeError(
      `${label}: inputs [${xs.map((x) => x.shape.join(', ')).join('], [')}] do not join to [${out.shape.join(', ')}]`,
    );
  }
  const outBlock = total * inner;
  const owned: GPUBuffer[] = [];
  const dispatches: Dispatch[] = [];
  const pipeline = gpu.pipelines.pipeline(SHADER, 'main', { WG });
  let channel = 0;
  xs.forEach((x, k) => {
    const count = numel(x.shape);
    const part = `${label}.${k}`;
    const params = uniformBuffer(
      gpu,
      SHADER.params,
      { count, block: x.shape[1] * inner, outBlock, offset: channel * inner },
      `${part}.params`,
    );
    owned.push(params);
    dispatches.push({
      label: part,
      pipeline,
      bindGroup: bindGroup(gpu, pipeline, `${part}.bind`, [x.buffer, out.buffer, params]),
      workgroups: grid1d(gpu, count, WG),
    });
    channel += x.shape[1];
  });
  return { dispatches, owned };
}
