// Global average pooling backward on the GPU against its CPU twin, 300 random configurations.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { numel } from '../../../core/tensor';
import { globalAvgPoolBackward } from '../../../cpu/grad/globalAvgPool';
import { randomArray } from '../../../cpu/testing/helpers';
import { closeTo } from '../../testing/compare';
import { runAndReadF32, Taken } from '../../testing/grad';
import { requireGpu } from '../../testing/nodeGpu';
import { globalAvgPoolBackwardProgram } from './globalAvgPool';

async function expectTwin(s: readonly number[], seed: number) {
  const gpu = await requireGpu();
  const dy = randomArray(s[0] * s[1], seed);
  const want = globalAvgPoolBackward({ shape: [s[0], s[1], 1, 1], data: dy }, s);
  const take = new Taken(gpu);
  try {
    const dx = take.emptyTensor(s, 'test.dx');
    const rec = globalAvgPoolBackwardProgram(gpu, {
      dy: take.tensor([s[0], s[1], 1, 1], dy, 'test.dy'),
      dx,
    });
    const [got] = await runAndReadF32(gpu, [rec], [[dx.buffer, numel(s)]]);
    expect(closeTo(got, want.data)).toEqual([]);
  } finally {
    take.release();
  }
}

describe('global average pooling backward on the GPU', () => {
  it('x=[2,3,7,7]: dy / 49 on every cell of its plane', async () => {
    await expectTwin([2, 3, 7, 7], 1);
  });

  it('300 random configs match the twin', async () => {
    const gpu = await requireGpu();
    const dim = (max: number) => fc.integer({ min: 1, max });
    await fc.assert(
      fc.asyncProperty(fc.tuple(dim(3), dim(8), dim(12), dim(12)), fc.nat(), expectTwin),
      { numRuns: 300 },
    );
    expect(gpu.buffers.inUse).toBe(0);
  });
});
