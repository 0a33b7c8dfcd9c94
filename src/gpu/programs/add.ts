// GPU program for the elementwise sum of two or more tensors (shaders/add.wgsl). Twin:
// src/cpu/add.ts. Up to four inputs per dispatch; further dispatches add up to four more each
// onto `out` (later dispatches in a pass see earlier ones' writes).

import type { Gpu } from '../gpu';
import addWGSL from '../../../shaders/add.wgsl?raw';
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
export const SHADER = shader('add', [addWGSL], uniformLayout([['count', 'u32']] as const));
/** Input bindings of the shader (x0..x3). */
const PER_DISPATCH = 4;

/**
 * out = xs[0] + xs[1] + …, all of one shape. `out` must not be one of the inputs (a buffer
 * cannot be read-only and writable in one dispatch).
 */
export function addProgram(
  gpu: Gpu,
  xs: readonly GpuTensor[],
  out: GpuTensor,
  label = 'add',
): Recorded {
  if (xs.length < 2) throw new RangeError(`${label}: needs at least two inputs, got ${xs.length}`);
  const count = numel(out.shape);
  const same = (s: readonly number[]) =>
    s.length === out.shape.length && s.every((v, i) => v === out.shape[i]);
  const bad = xs.find((x) => !same(x.shape));
  if (bad) {
    throw new RangeError(
      `${label}: needs equal shapes, got [${bad.shape.join(', ')}] and [${out.shape.join(', ')}]`,
    );
  }
  if (xs.some((x) => x.buffer === out.buffer)) {
    throw new RangeError(`${label}: the output cannot also be an input`);
  }
  const params = uniformBuffer(gpu, SHADER.params, { count }, `${label}.params`);
  const dispatches: Dispatch[] = [];
  for (let start = 0; start < xs.length; start += PER_DISPATCH) {
    const group = xs.slice(start, start + PER_DISPATCH);
    const accumulate = start > 0;
    const pipeline = gpu.pipelines.pipeline(SHADER, 'main', {
      WG,
      K: group.length,
      ACCUMULATE: accumulate ? 1 : 0,
    });
    const part = `${label}.${accumulate ? 'acc' : 'sum'}${group.length}@${start}`;
    // Unused input bindings read the group's first input again (read-only aliases are allowed).
    const inputs = Array.from({ length: PER_DISPATCH }, (_, i) => (group[i] ?? group[0]).buffer);
    dispatches.push({
      label: part,
      pipeline,
      bindGroup: bindGroup(gpu, pipeline, `${part}.bind`, [params, out.buffer, ...inputs]),
      workgroups: grid1d(gpu, count, WG),
    });
  }
  return { dispatches, owned: [params] };
}
