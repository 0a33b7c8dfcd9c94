// Softmax backward on the GPU against its CPU twin: rows ([N, F], [N, C, 1, 1], rows longer than
// a workgroup) and positions ([N, C, H, W]), 300 random configurations per run.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { numel, type Tensor } from '../../../core/tensor';
import { softmaxBackward } from '../../../cpu/grad/softmax';
import { softmax } from '../../../cpu/softmax';
import { randomArray, randomTensor } from '../../../cpu/testing/helpers';
import { closeTo } from '../../testing/compare';
import { runAndReadF32, Taken } from '../../testing/grad';
import { requireGpu } from '../../testing/nodeGpu';
import { softmaxBackwardProgram } from './softmax';

async function expectTwin(x: Tensor, seed: number) {
  const gpu = await requireGpu();
  const y = softmax(x);
  const dy = randomArray(numel(x.shape), seed);
  const want = softmaxBackward({ shape: x.shape, data: dy }, y);
  const take = new Taken(gpu);
  try {
    const dx = take.emptyTensor(x.shape, 'test.dx');
    const rec = softmaxBackwardProgram(gpu, {
      dy: take.tensor(x.shape, dy, 'test.dy'),
      y: take.tensor(x.shape, y.data, 'test.y'),
      dx,
    });
    const [got] = await runAndReadF32(gpu, [rec], [[dx.buffer, numel(x.shape)]]);
    expect(closeTo(got, want.data)).toEqual([]);
  } finally {
    take.release();
  }
}

describe('softmax backward on the GPU', () => {
  it('x=[2,1000] (rows longer than a workgroup) and x=[3,10,1,1]', async () => {
    await expectTwin(randomTensor([2, 1000], 1, 3), 2);
    await expectTwin(randomTensor([3, 10, 1, 1], 3, 3), 4);
  });

  it('x=[2,4,5,5] over the channels at every position', async () => {
    await expectTwin(randomTensor([2, 4, 5, 5], 5, 3), 6);
  });

  it('300 random configs ([N, F] and [N, C, H, W]) match the twin', async () => {
    const gpu = await requireGpu();
    const shapes = fc.oneof(
      fc.tuple(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 300 })),
      fc.tuple(
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 6 }),
      ),
    );
    await fc.assert(
      fc.asyncProperty(shapes, fc.constantFrom(0.1, 3, 30), fc.nat(), async (s, scale, seed) => {
        await expectTwin(randomTensor(s, seed, scale), seed + 1);
      }),
      { numRuns: 300 },
    );
    expect(gpu.buffers.inUse).toBe(0);
  });
});
