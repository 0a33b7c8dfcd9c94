// globalAvgPool on the GPU against its CPU twin: exact cases, a plane larger than a workgroup,
// NaN propagation, and 300 random shapes per run.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tensor, type Tensor } from '../../core/tensor';
import { globalAvgPool } from '../../cpu/globalAvgPool';
import { randomTensor } from '../../cpu/testing/helpers';
import type { Gpu } from '../gpu';
import { closeTo } from '../testing/compare';
import { requireGpu, runProgram } from '../testing/nodeGpu';
import { globalAvgPoolProgram } from './globalAvgPool';

async function gpuGap(gpu: Gpu, x: Tensor): Promise<Float32Array> {
  const outShape = [x.shape[0], x.shape[1], 1, 1];
  return runProgram(gpu, [x], outShape, ([xs], out) => globalAvgPoolProgram(gpu, xs, out));
}

async function expectTwin(x: Tensor): Promise<void> {
  const got = await gpuGap(await requireGpu(), x);
  expect(closeTo(got, globalAvgPool(x).data)).toEqual([]);
}

describe('globalAvgPool on the GPU', () => {
  it('x=[1,2,2,2] → plane means [2.5, -1]', async () => {
    const x = tensor([1, 2, 2, 2], [1, 2, 3, 4, -1, -1, -2, 0]);
    expect(Array.from(await gpuGap(await requireGpu(), x))).toEqual([2.5, -1]);
  });

  it('x=[2,3,1,1] is the identity', async () => {
    const x = tensor([2, 3, 1, 1], [1, -2, 3, 4.5, 5, 6]);
    expect(Array.from(await gpuGap(await requireGpu(), x))).toEqual([1, -2, 3, 4.5, 5, 6]);
  });

  it('x=[2,3,56,56] (planes of 3136 values, more than one workgroup stride)', async () => {
    await expectTwin(randomTensor([2, 3, 56, 56], 11));
  });

  it('x=[1,2,3,3] with a NaN: only its plane is NaN', async () => {
    const x = randomTensor([1, 2, 3, 3], 3);
    x.data[4] = NaN;
    const got = await gpuGap(await requireGpu(), x);
    expect(Number.isNaN(got[0])).toBe(true);
    await expectTwin(x);
  });

  it('300 random shapes N≤2 C≤6 H,W≤12 match the twin', async () => {
    const gpu = await requireGpu();
    const shapes = fc.tuple(
      fc.integer({ min: 1, max: 2 }),
      fc.integer({ min: 1, max: 6 }),
      fc.integer({ min: 1, max: 12 }),
      fc.integer({ min: 1, max: 12 }),
    );
    await fc.assert(
      fc.asyncProperty(
        shapes,
        fc.nat(),
        fc.double({ min: -3, max: 3, noNaN: true }),
        async (s, seed, shift) => {
          const x = randomTensor(s, seed);
          // A common offset checks the sum is not just of centred values.
          x.data.forEach((v, i) => (x.data[i] = v + shift));
          expect(closeTo(await gpuGap(gpu, x), globalAvgPool(x).data)).toEqual([]);
        },
      ),
      { numRuns: 300 },
    );
    expect(gpu.buffers.inUse).toBe(0);
  });
});
