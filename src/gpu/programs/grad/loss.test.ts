// The losses on the GPU against their CPU twin: softmax cross-entropy (loss value, correct count,
// dlogits; rows longer than a workgroup, ties, poisoned rows, a label out of range) and MSE, the
// value read back from the stats buffer; 300 random configurations each per run.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { numel } from '../../../core/tensor';
import { mseLoss, softmaxCrossEntropy } from '../../../cpu/grad/loss';
import { randomArray } from '../../../cpu/testing/helpers';
import { closeTo } from '../../testing/compare';
import { runAndReadBytes, Taken } from '../../testing/grad';
import { requireGpu } from '../../testing/nodeGpu';
import { crossEntropyProgram, lossStatsBuffer, mseProgram, readLossStats } from './loss';

/** Reads the stats buffer's first two words as the loss (f32) and the correct count (u32). */
const statsOf = (bytes: ArrayBuffer) => ({
  loss: new Float32Array(bytes, 0, 1)[0],
  correct: new Uint32Array(bytes, 4, 1)[0],
});

/** With `viaRead`, the stats come back through readLossStats (a second submit). */
async function gpuCrossEntropy(
  shape: readonly number[],
  z: Float32Array,
  labels: Uint32Array,
  viaRead = false,
) {
  const gpu = await requireGpu();
  const take = new Taken(gpu);
  const stats = lossStatsBuffer(gpu);
  try {
    const dlogits = take.emptyTensor(shape, 'test.dlogits');
    const rec = crossEntropyProgram(gpu, {
      logits: take.tensor(shape, z, 'test.logits'),
      labels: take.data(labels, 'test.labels'),
      dlogits,
      stats,
    });
    const [grad, raw] = await runAndReadBytes(
      gpu,
      [rec],
      [
        [dlogits.buffer, z.length],
        [stats, 2],
      ],
    );
    const read = viaRead ? await readLossStats(gpu, stats) : statsOf(raw);
    return { grad: new Float32Array(grad), ...read };
  } finally {
    gpu.buffers.release(stats);
    take.release();
  }
}

async function expectCrossEntropy(shape: readonly number[], z: Float32Array, labels: Uint32Array) {
  const want = softmaxCrossEntropy({ shape, data: z }, labels);
  const got = await gpuCrossEntropy(shape, z, labels);
  expect(closeTo([got.loss], [want.loss]), 'loss').toEqual([]);
  expect(got.correct, 'correct').toBe(want.correct);
  expect(closeTo(got.grad, want.grad.data), 'dlogits').toEqual([]);
}

const labelsOf = (N: number, K: number, seed: number) =>
  Uint32Array.from(randomArray(N, seed), (v) => Math.floor(Math.abs(v) * 7919) % K);

describe('softmax cross-entropy on the GPU', () => {
  it('x=[4,3] by hand: ties go to the first maximum; loss and accuracy', async () => {
    const z = Float32Array.from([2, 2, 0, 0, 5, 5, 1, 2, 3, -1, 0, 9]);
    const labels = Uint32Array.from([0, 2, 2, 2]);
    const got = await gpuCrossEntropy([4, 3], z, labels, true);
    expect(got.correct).toBe(3); // rows 0 (tie, first), 2 and 3; row 1's tie goes to class 1
    await expectCrossEntropy([4, 3], z, labels);
  });

  it('x=[3,1000,1,1] (rows longer than a workgroup), logits up to ±80', async () => {
    await expectCrossEntropy([3, 1000, 1, 1], randomArray(3000, 1, 30), labelsOf(3, 1000, 2));
  });

  it('a row with NaN, +∞ or only −∞ is NaN and not correct; −∞ at the label gives +∞', async () => {
    const z = Float32Array.from([NaN, 1, Infinity, 1, -Infinity, -Infinity, -Infinity, 3, 1, 2]);
    const labels = Uint32Array.from([1, 1, 0, 0, 0]);
    const got = await gpuCrossEntropy([5, 2], z, labels);
    expect(got.loss).toBeNaN();
    expect(got.correct).toBe(0);
    expect(Array.from(got.grad.slice(0, 6)).every(Number.isNaN)).toBe(true);
    await expectCrossEntropy([5, 2], z, labels);
    const inf = await gpuCrossEntropy(
      [1, 2],
      Float32Array.from([-Infinity, 3]),
      Uint32Array.from([0]),
    );
    expect(inf.loss).toBe(Infinity);
  });

  it('a label outside [0, K) poisons its row (the CPU twin refuses it)', async () => {
    const got = await gpuCrossEntropy([2, 3], randomArray(6, 3), Uint32Array.from([3, 0]));
    expect(got.loss).toBeNaN();
    expect(Array.from(got.grad.slice(0, 3)).every(Number.isNaN)).toBe(true);
    expect(Array.from(got.grad.slice(3)).some(Number.isNaN)).toBe(false);
    expect(() => softmaxCrossEntropy({ shape: [2, 3], data: randomArray(6, 3) }, [3, 0])).toThrow();
  });

  it('300 random configs (N, K, scale, ties) match the twin', async () => {
    const gpu = await requireGpu();
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 64 }),
        fc.integer({ min: 1, max: 300 }),
        fc.boolean(),
        fc.constantFrom(0.1, 3, 30),
        fc.boolean(),
        fc.nat(),
        async (N, K, spatial, scale, ties, seed) => {
          const z = randomArray(N * K, seed, scale);
          if (ties) z.forEach((v, i) => (z[i] = Math.round(v / scale)));
          await expectCrossEntropy(spatial ? [N, K, 1, 1] : [N, K], z, labelsOf(N, K, seed + 1));
        },
      ),
      { numRuns: 300 },
    );
    expect(gpu.buffers.inUse).toBe(0);
  }, 120_000);
});

async function expectMse(shape: readonly number[], seed: number, viaRead = false) {
  const gpu = await requireGpu();
  const n = numel(shape);
  const y = randomArray(n, seed, 2);
  const t = randomArray(n, seed + 1, 2);
  const want = mseLoss({ shape, data: y }, { shape, data: t });
  const take = new Taken(gpu);
  const stats = lossStatsBuffer(gpu);
  try {
    const dy = take.emptyTensor(shape, 'test.dy');
    const rec = mseProgram(gpu, {
      y: take.tensor(shape, y, 'test.y'),
      target: take.tensor(shape, t, 'test.target'),
      dy,
      stats,
    });
    const [grad, raw] = await runAndReadBytes(
      gpu,
      [rec],
      [
        [dy.buffer, n],
        [stats, 2],
      ],
    );
    const got = viaRead ? await readLossStats(gpu, stats) : statsOf(raw);
    expect(closeTo([got.loss], [want.loss]), 'loss').toEqual([]);
    expect(got.correct).toBe(0);
    expect(closeTo(new Float32Array(grad), want.grad.data), 'dy').toEqual([]);
  } finally {
    gpu.buffers.release(stats);
    take.release();
  }
}

describe('mean-squared error on the GPU', () => {
  it('x=[8,3,16,16] (more values than a workgroup)', async () => {
    await expectMse([8, 3, 16, 16], 1, true);
  });

  it('300 random configs match the twin', async () => {
    const gpu = await requireGpu();
    const dim = (max: number) => fc.integer({ min: 1, max });
    const shapes = fc.oneof(fc.tuple(dim(16), dim(20)), fc.tuple(dim(3), dim(4), dim(6), dim(6)));
    await fc.assert(
      fc.asyncProperty(shapes, fc.nat(), (s, seed) => expectMse(s, seed)),
      { numRuns: 300 },
    );
    expect(gpu.buffers.inUse).toBe(0);
  });
});
