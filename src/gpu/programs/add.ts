// GPU program for the elementwise sum of two or more tensors (shaders/add.wgsl). Twin:
// src/cpu/add.ts. Up to four inputs per dispatch; beyond that, further dispatches add up to three
// more each into `out` (later dispatches in a pass see earlier ones' writes).

import type { Gpu } from '../gpu';
import addWGSL from '../../../shaders/add.wgsl?raw';
import { withCommon } from '../shaders';
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

const SHADER = withCommon(addWGSL);
const WG = 256;
const PARAMS = uniformLayout([['count', 'u32']] as const);
/** Inputs bound by the first dispatch (sum2..sum4) and by each later one (acc1..acc3). */
const FIRST = 4;
const LATER = 3;

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
  const params = uniformBuffer(gpu, PARAMS, { count }, `${label}.params`);
  const dispatches: Dispatch[] = [];
  for (let start = 0; start < xs.length;) {
    const first = start === 0;
    const group = xs.slice(start, start + (first ? FIRST : LATER));
    const entry = `${first ? 'sum' : 'acc'}${group.length}`;
    const pipeline = gpu.pipelines.pipeline(`add:${entry}:wg=${WG}`, 'add', SHADER, { WG }, entry);
    const part = `${label}.${entry}@${start}`;
    dispatches.push({
      label: part,
      pipeline,
      bindGroup: bindGroup(gpu, pipeline, `${part}.bind`, [
        params,
        out.buffer,
        ...group.map((x) => x.buffer),
      ]),
      workgroups: grid1d(gpu, count, WG),
    });
    start += group.length;
  }
  return { dispatches, owned: [params] };
}
