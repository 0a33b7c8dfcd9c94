// add on the GPU against its CPU twin: exact sums, more inputs than one dispatch binds, NaN and
// 300 random configurations (2–7 inputs) per run.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tensor, type Tensor } from '../../core/tensor';
import { add } from '../../cpu/add';
import { randomTensor } from '../../cpu/testing/helpers';
import type { Gpu } from '../gpu';
import { closeTo } from '../testing/compare';
import { empty, requireGpu, runAndRead, upload, runProgram } from '../testing/nodeGpu';
import { addProgram } from './add';
import { releaseRecorded } from './program';

async function gpuAdd(gpu: Gpu, inputs: readonly Tensor[]): Promise<Float32Array> {
  return runProgram(gpu, inputs, inputs[0].shape, (xs, out) => addProgram(gpu, xs, out));
}

const ramp = (shape: number[], k: number) =>
  tensor(
    shape,
    Array.from({ length: shape.reduce((a, b) => a * b) }, (_, i) => (i + 1) * 10 ** k),
  );

describe('add on the GPU: exact cases', () => {
  it.each([2, 3, 4, 5, 7, 8, 9])(
    'x=[1,2,2,2] × %i inputs (one dispatch of up to 4, then up to 4 more each)',
    async (k) => {
      const inputs = Array.from({ length: k }, (_, j) => ramp([1, 2, 2, 2], j % 3));
      const got = await gpuAdd(await requireGpu(), inputs);
      expect(Array.from(got)).toEqual(Array.from(add(inputs).data));
    },
  );

  it.each([3, 4, 5, 6, 9])(
    'x=[1,3] × %i inputs sum left to right in f32, as the CPU twin (1e8 + 1 − 1e8 + 1 … = 1)',
    async (k) => {
      // In f32, 1e8 + 1 rounds back to 1e8: left to right gives ((1e8 + 1) − 1e8) + 1 = 1, a pair
      // sum (1e8 + 1) + (−1e8 + 1) gives 0. Every element sees the inputs in another rotation.
      const seq = [1e8, 1, -1e8, 1, 1e8, 1, -1e8, 1, 1];
      const inputs = Array.from({ length: k }, (_, j) =>
        tensor(
          [1, 3],
          [0, 1, 2].map((r) => seq[(j + r) % k]),
        ),
      );
      const got = await gpuAdd(await requireGpu(), inputs);
      expect(Array.from(got)).toEqual(Array.from(add(inputs).data));
    },
  );

  it('x=[1,4] × 2 with NaN and ±inf', async () => {
    const a = tensor([1, 4], [NaN, 1, Infinity, 2]);
    const b = tensor([1, 4], [1, NaN, 1, -3]);
    const got = await gpuAdd(await requireGpu(), [a, b]);
    expect(Array.from(got)).toEqual([NaN, NaN, Infinity, -1]);
  });

  it('the same tensor twice: x + x', async () => {
    const gpu = await requireGpu();
    const x = upload(gpu, tensor([1, 3], [1, 2, 3]));
    const out = empty(gpu, [1, 3]);
    const rec = addProgram(gpu, [x, x], out);
    expect(Array.from(await runAndRead(gpu, [rec], out))).toEqual([2, 4, 6]);
    releaseRecorded(gpu, rec);
    for (const t of [x, out]) gpu.buffers.release(t.buffer);
  });

  it('refuses one input, unequal shapes and an output that is an input', async () => {
    const gpu = await requireGpu();
    const a = { buffer: {} as GPUBuffer, shape: [1, 4] };
    const b = { buffer: {} as GPUBuffer, shape: [1, 2, 2] };
    expect(() => addProgram(gpu, [a], a)).toThrow(/at least two/);
    expect(() => addProgram(gpu, [a, b], a)).toThrow(/equal shapes/);
    expect(() => addProgram(gpu, [a, a], a)).toThrow(/cannot also be an input/);
  });
});

describe('add on the GPU: properties', () => {
  it('300 random configs (2–7 inputs, ranks 2 and 4) match the twin', async () => {
    const gpu = await requireGpu();
    const shapes = fc.oneof(
      fc.tuple(fc.integer({ min: 1, max: 2 }), fc.integer({ min: 1, max: 40 })),
      fc.tuple(
        fc.integer({ min: 1, max: 2 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 12 }),
      ),
    );
    await fc.assert(
      fc.asyncProperty(shapes, fc.integer({ min: 2, max: 7 }), fc.nat(), async (shape, k, seed) => {
        const inputs = Array.from({ length: k }, (_, j) => randomTensor(shape, seed + j));
        expect(closeTo(await gpuAdd(gpu, inputs), add(inputs).data)).toEqual([]);
      }),
      { numRuns: 300 },
    );
    expect(gpu.buffers.inUse).toBe(0);
  });
});
