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
  return partCopies(
    gpu,
    SHADER,
    xs,
    out,
    (parts, whole) => `${label}: inputs [${parts}] do not join to [${whole}]`,
    label,
    (x) => [x.buffer, out.buffer],
  );
}

/**
 * One copy dispatch per part between a part [N, C_k, ...] and its channels of the joined tensor
 * [N, ΣC_k, ...] (the forward's gather into `joined`, the backward's split out of it): checks that
 * the parts join to it, then binds `buffers(part)` with a params buffer of the part's offset.
 */
export function partCopies(
  gpu: Gpu,
  program: typeof SHADER,
  parts: readonly GpuTensor[],
  joined: GpuTensor,
  /** The refusal when the parts do not join: their shapes and the joined shape, as text. */
  mismatch: (parts: string, whole: string) => string,
  label: string,
  buffers: (part: GpuTensor) => GPUBuffer[],
): Recorded {
  const inner = numel(joined.shape.slice(2));
  const rest = (s: readonly number[]) => [s[0], ...s.slice(2)].join(',');
  const total = parts.reduce((sum, x) => sum + x.shape[1], 0);
  const bad = parts.find(
    (x) => x.shape.length !== joined.shape.length || rest(x.shape) !== rest(joined.shape),
  );
  if (bad || total !== joined.shape[1]) {
    const list = parts.map((x) => x.shape.join(', ')).join('], [');
    throw new RangeError(mismatch(list, joined.shape.join(', ')));
  }
  const outBlock = total * inner;
  const owned: GPUBuffer[] = [];
  const dispatches: Dispatch[] = [];
  const pipeline = gpu.pipelines.pipeline(program, 'main', { WG });
  let channel = 0;
  parts.forEach((x, k) => {
    const count = numel(x.shape);
    const part = `${label}.${k}`;
    const params = uniformBuffer(
      gpu,
      program.params,
      { count, block: x.shape[1] * inner, outBlock, offset: channel * inner },
      `${part}.params`,
    );
    owned.push(params);
    dispatches.push({
      label: part,
      pipeline,
      bindGroup: bindGroup(gpu, pipeline, `${part}.bind`, [...buffers(x), params]),
      workgroups: grid1d(gpu, count, WG),
    });
    channel += x.shape[1];
  });
  return { dispatches, owned };
}
