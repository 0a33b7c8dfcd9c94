// softmax on the GPU against its CPU twin: exact cases (huge logits, −inf, NaN and +inf rows),
// a row longer than a workgroup, and 300 random configurations per run ([N,F] and [N,C,H,W]).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tensor, type Tensor } from '../../core/tensor';
import { softmax } from '../../cpu/softmax';
import { randomTensor } from '../../cpu/testing/helpers';
import type { Gpu } from '../gpu';
import { closeTo } from '../testing/compare';
import { requireGpu, runProgram } from '../testing/nodeGpu';
import { softmaxProgram } from './softmax';

async function gpuSoftmax(gpu: Gpu, x: Tensor): Promise<Float32Array> {
  return runProgram(gpu, [x], x.shape, ([xs], out) => softmaxProgram(gpu, xs, out));
}

async function expectTwin(x: Tensor): Promise<Float32Array> {
  const got = await gpuSoftmax(await requireGpu(), x);
  expect(closeTo(got, softmax(x).data)).toEqual([]);
  return got;
}

const inf = Infinity;

describe('softmax on the GPU: exact cases', () => {
  it('x=[1,2] [1000,1000] → [0.5,0.5] (no overflow)', async () => {
    expect(Array.from(await expectTwin(tensor([1, 2], [1000, 1000])))).toEqual([0.5, 0.5]);
  });

  it('x=[1,2,1,2] per position over channels: [1000,1000] and [0, ln 3]', async () => {
    // Position 0 sees channels (1000, 1000); position 1 sees (0, ln 3) → (1/4, 3/4).
    const got = await expectTwin(tensor([1, 2, 1, 2], [1000, 0, 1000, Math.log(3)]));
    expect(closeTo(got, [0.5, 0.25, 0.5, 0.75])).toEqual([]);
  });

  it.each([
    ['rows x=[4,3]', [4, 3]],
    ['positions x=[4,3,1,2]', [4, 3, 1, 2]],
  ])('%s: −inf gives 0; a NaN, a +inf or all −inf make the row NaN', async (_, shape) => {
    const rows = [
      [1, -inf, 2],
      [1, NaN, 2],
      [1, inf, 2],
      [-inf, -inf, -inf],
    ];
    const inner = shape.length === 4 ? 2 : 1;
    const data: number[] = [];
    // Each row (and each of its positions) holds one of the cases above.
    for (const r of rows) for (const v of r) for (let p = 0; p < inner; p++) data.push(v);
    const got = await expectTwin(tensor(shape, data));
    const stride = 3 * inner;
    expect(got[2 * inner] / got[0]).toBeCloseTo(Math.E, 5);
    expect(got[inner]).toBe(0);
    for (const r of [1, 2, 3]) {
      expect(Array.from(got.subarray(r * stride, (r + 1) * stride)).every(Number.isNaN)).toBe(true);
    }
  });

  it('x=[2,1000] rows longer than a workgroup, logits up to ±30', async () => {
    await expectTwin(randomTensor([2, 1000], 3, 10));
  });

  it('x=[1,5,16,16] positions', async () => {
    await expectTwin(randomTensor([1, 5, 16, 16], 4, 5));
  });

  it('x=[2,3,5] rank 3: channels at every position', async () => {
    await expectTwin(randomTensor([2, 3, 5], 6, 3));
  });
});

const configs = fc.record({
  shape: fc.oneof(
    fc.tuple(fc.integer({ min: 1, max: 2 }), fc.integer({ min: 1, max: 300 })),
    fc.tuple(
      fc.integer({ min: 1, max: 2 }),
      fc.integer({ min: 1, max: 6 }),
      fc.integer({ min: 1, max: 12 }),
      fc.integer({ min: 1, max: 12 }),
    ),
  ),
  scale: fc.constantFrom(1, 10, 100),
  shift: fc.double({ min: -1000, max: 1000, noNaN: true }),
  seed: fc.nat(),
});

describe('softmax on the GPU: properties', () => {
  it('300 random configs ([N,F] rows and [N,C,H,W] positions, large logits) match the twin', async () => {
    const gpu = await requireGpu();
    await fc.assert(
      fc.asyncProperty(configs, async (c) => {
        const x = randomTensor(c.shape, c.seed, c.scale);
        x.data.forEach((v, i) => (x.data[i] = v + c.shift));
        expect(closeTo(await gpuSoftmax(gpu, x), softmax(x).data)).toEqual([]);
      }),
      { numRuns: 300 },
    );
    expect(gpu.buffers.inUse).toBe(0);
  });
});
