// GPU programs for dropout in training (shaders/grad/dropout.wgsl). Twin: src/cpu/grad/dropout.ts.
// The mask is recomputed from (seed, step, element index) by the hash of src/core/train/dropout.ts,
// so the forward and the backward are one pass each over their own buffers and nothing is kept
// between them. Threshold and scale come from that module, never re-derived here.

import { dropoutScale, dropoutThreshold } from '../../../core/train/dropout';
import type { Gpu } from '../../gpu';
import dropoutWGSL from '../../../../shaders/grad/dropout.wgsl?raw';
import { shader } from '../../shaders';
import { uniformLayout } from '../../uniforms';
import { grid1d, numel, uniformBuffer, type GpuTensor, type Recorded } from '../program';
import { bindAt, sameShape } from './bind';

const WG = 256;
export const SHADER = shader(
  'grad/dropout',
  [dropoutWGSL],
  uniformLayout([
    ['count', 'u32'],
    ['seed', 'u32'],
    ['step', 'u32'],
    ['threshold', 'u32'],
    ['scale', 'f32'],
    ['first', 'u32'],
  ] as const),
);

function checkKey(label: string, seed: number, step: number): void {
  for (const v of [seed, step]) {
    if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) {
      throw new RangeError(`${label}: seed and step must be 32-bit unsigned integers, got ${v}`);
    }
  }
}

/**
 * The uniform bytes of a dropout pass of `count` values at `step`: a training step writes them
 * into the pass's params buffer (its Recorded.owned[0]) before each submit, so the same recorded
 * dispatch draws a new mask every step without allocating.
 */
export function dropoutParamsBytes(
  count: number,
  p: number,
  seed: number,
  step: number,
): ArrayBuffer {
  return SHADER.params.pack({
    count,
    seed,
    step: step >>> 0,
    threshold: dropoutThreshold(p),
    scale: dropoutScale(p),
    first: 0,
  });
}

function masked(
  gpu: Gpu,
  src: GpuTensor,
  dst: GpuTensor,
  p: number,
  seed: number,
  step: number,
  label: string,
): Recorded {
  sameShape(label, 'input and output', src.shape, dst.shape);
  checkKey(label, seed, step);
  const count = numel(src.shape);
  const pipeline = gpu.pipelines.pipeline(SHADER, 'apply', { WG });
  const values = {
    count,
    seed,
    step,
    threshold: dropoutThreshold(p),
    scale: dropoutScale(p),
    first: 0,
  };
  const params = uniformBuffer(gpu, SHADER.params, values, `${label}.params`);
  return {
    dispatches: [
      {
        label,
        pipeline,
        bindGroup: bindAt(gpu, pipeline, `${label}.bind`, {
          0: src.buffer,
          1: dst.buffer,
          2: params,
        }),
        workgroups: grid1d(gpu, count, WG),
      },
    ],
    owned: [params],
  };
}

/** The training forward: out = x · mask · 1/(1 − p), f32, any shape, out a buffer of its own. */
export function dropoutTrainProgram(
  gpu: Gpu,
  b: { readonly x: GpuTensor; readonly out: GpuTensor },
  p: number,
  seed: number,
  step: number,
  label = 'dropout.train',
): Recorded {
  return masked(gpu, b.x, b.out, p, seed, step, label);
}

/** dx = dy · mask · 1/(1 − p) with the forward's p, seed and step. */
export function dropoutBackwardProgram(
  gpu: Gpu,
  b: { readonly dy: GpuTensor; readonly dx: GpuTensor },
  p: number,
  seed: number,
  step: number,
  label = 'dropout.backward',
): Recorded {
  return masked(gpu, b.dy, b.dx, p, seed, step, label);
}

/** hashes[i] = the mask hash of element first + i (u32 each), for tests against the TypeScript. */
export function dropoutHashProgram(
  gpu: Gpu,
  hashes: GPUBuffer,
  count: number,
  seed: number,
  step: number,
  first = 0,
  label = 'dropout.hashes',
): Recorded {
  checkKey(label, seed, step);
  const pipeline = gpu.pipelines.pipeline(SHADER, 'hashes', { WG });
  const values = { count, seed, step, threshold: 0, scale: 1, first };
  const params = uniformBuffer(gpu, SHADER.params, values, `${label}.params`);
  return {
    dispatches: [
      {
        label,
        pipeline,
        bindGroup: bindAt(gpu, pipeline, `${label}.bind`, { 2: params, 3: hashes }),
        workgroups: grid1d(gpu, count, WG),
      },
    ],
    owned: [params],
  };
}
