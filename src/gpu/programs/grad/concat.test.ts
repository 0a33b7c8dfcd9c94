// Concat backward on the GPU against its CPU twin (300 random configurations per run), and the
// add and flatten backward, which are views of dy and dispatch nothing.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { numel } from '../../../core/tensor';
import { concatBackward } from '../../../cpu/grad/concat';
import { randomArray } from '../../../cpu/testing/helpers';
import { runAndReadF32, Taken } from '../../testing/grad';
import { requireGpu } from '../../testing/nodeGpu';
import { addBackwardAlias } from './add';
import { concatBackwardProgram } from './concat';
import { flattenBackwardAlias } from './flatten';

async function expectTwin(
  channels: readonly number[],
  N: number,
  rest: readonly number[],
  seed: number,
) {
  const gpu = await requireGpu();
  const total = channels.reduce((a, b) => a + b, 0);
  const shape = [N, total, ...rest];
  const dy = randomArray(numel(shape), seed);
  const want = concatBackward({ shape, data: dy }, channels);
  const take = new Taken(gpu);
  try {
    const dxs = want.map((w, k) => take.emptyTensor(w.shape, `test.dx${k}`));
    const rec = concatBackwardProgram(gpu, { dy: take.tensor(shape, dy, 'test.dy'), dxs });
    const got = await runAndReadF32(
      gpu,
      [rec],
      dxs.map((d) => [d.buffer, numel(d.shape)] as const),
    );
    // A copy: bit for bit.
    got.forEach((g, k) => expect(Array.from(g)).toEqual(Array.from(want[k].data)));
  } finally {
    take.release();
  }
}

describe('concat backward on the GPU', () => {
  it('x=[2,(3+1+2),4,4] splits dy by channels', async () => {
    await expectTwin([3, 1, 2], 2, [4, 4], 1);
  });

  it('300 random configs ([N, C, H, W] and [N, F], 1–4 inputs) match the twin', async () => {
    const gpu = await requireGpu();
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 1, max: 3 }),
        fc.constantFrom([] as number[], [1, 1], [3, 5], [7, 2]),
        fc.nat(),
        async (channels, N, rest, seed) => expectTwin(channels, N, rest, seed),
      ),
      { numRuns: 300 },
    );
    expect(gpu.buffers.inUse).toBe(0);
  });
});

describe('add and flatten backward on the GPU: views, no dispatch', () => {
  it('add: every input reads dy', () => {
    const dy = { buffer: {} as GPUBuffer, shape: [2, 3, 4, 4] };
    const views = addBackwardAlias(dy, 3);
    expect(views).toHaveLength(3);
    for (const v of views) expect(v).toEqual({ buffer: dy.buffer, shape: dy.shape });
    expect(() => addBackwardAlias(dy, 1)).toThrow(/two inputs/);
  });

  it('flatten: dy [2, 48] viewed as [2, 3, 4, 4]; a wrong size throws', () => {
    const dy = { buffer: {} as GPUBuffer, shape: [2, 48] };
    expect(flattenBackwardAlias(dy, [2, 3, 4, 4])).toEqual({
      buffer: dy.buffer,
      shape: [2, 3, 4, 4],
    });
    expect(() => flattenBackwardAlias(dy, [2, 3, 4, 5])).toThrow();
  });
});
