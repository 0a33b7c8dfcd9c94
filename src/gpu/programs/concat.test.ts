// concat on the GPU against its CPU twin: exact joins of [N,C,H,W] and [N,F], and 300 random
// configurations (1–4 inputs, both ranks) per run.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tensor, type Tensor } from '../../core/tensor';
import { concat } from '../../cpu/concat';
import { randomTensor } from '../../cpu/testing/helpers';
import type { Gpu } from '../gpu';
import { requireGpu, runProgram } from '../testing/nodeGpu';
import { concatProgram } from './concat';

async function gpuConcat(gpu: Gpu, inputs: readonly Tensor[]): Promise<Float32Array> {
  const [N, , ...rest] = inputs[0].shape;
  const C = inputs.reduce((s, x) => s + x.shape[1], 0);
  return runProgram(gpu, inputs, [N, C, ...rest], (xs, out) => concatProgram(gpu, xs, out));
}

describe('concat on the GPU: exact cases', () => {
  it('x=[2,1,1,2] + [2,2,1,2] → [2,3,1,2], per sample', async () => {
    const a = tensor([2, 1, 1, 2], [1, 2, 3, 4]);
    const b = tensor([2, 2, 1, 2], [10, 11, 12, 13, 20, 21, 22, 23]);
    const got = await gpuConcat(await requireGpu(), [a, b]);
    expect(Array.from(got)).toEqual([1, 2, 10, 11, 12, 13, 3, 4, 20, 21, 22, 23]);
  });

  it('x=[2,2] + [2,1] + [2,3] → [2,6] features', async () => {
    const a = tensor([2, 2], [1, 2, 3, 4]);
    const b = tensor([2, 1], [5, 6]);
    const c = tensor([2, 3], [7, 8, 9, 10, 11, 12]);
    const got = await gpuConcat(await requireGpu(), [a, b, c]);
    expect(Array.from(got)).toEqual([1, 2, 5, 7, 8, 9, 3, 4, 6, 10, 11, 12]);
  });

  it('x=[1,3,2,2] alone is a copy; NaN is copied', async () => {
    const x = randomTensor([1, 3, 2, 2], 2);
    x.data[3] = NaN;
    const got = await gpuConcat(await requireGpu(), [x]);
    expect(Array.from(got)).toEqual(Array.from(x.data));
  });

  it('refuses inputs that do not join to the output', async () => {
    const gpu = await requireGpu();
    const t = (shape: number[]) => ({ buffer: {} as GPUBuffer, shape });
    expect(() => concatProgram(gpu, [], t([1, 2]))).toThrow(/at least one/);
    expect(() => concatProgram(gpu, [t([1, 2, 3, 3]), t([1, 2, 3, 4])], t([1, 4, 3, 3]))).toThrow(
      /do not join/,
    );
    expect(() => concatProgram(gpu, [t([1, 2]), t([1, 2])], t([1, 5]))).toThrow(/do not join/);
  });
});

describe('concat on the GPU: properties', () => {
  it('300 random configs (1–4 inputs, [N,C,H,W] and [N,F]) match the twin', async () => {
    const gpu = await requireGpu();
    const configs = fc.record({
      rank4: fc.boolean(),
      N: fc.integer({ min: 1, max: 2 }),
      channels: fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 4 }),
      H: fc.integer({ min: 1, max: 12 }),
      W: fc.integer({ min: 1, max: 12 }),
      seed: fc.nat(),
    });
    await fc.assert(
      fc.asyncProperty(configs, async (c) => {
        const inputs = c.channels.map((C, k) =>
          randomTensor(c.rank4 ? [c.N, C, c.H, c.W] : [c.N, C], c.seed + k),
        );
        expect(Array.from(await gpuConcat(gpu, inputs))).toEqual(Array.from(concat(inputs).data));
      }),
      { numRuns: 300 },
    );
    expect(gpu.buffers.inUse).toBe(0);
  });
});
