// Layer norm in training on the GPU against its CPU twin: the training forward (output, saved
// mean and rstd), the backward (dx, and dγ, dβ with elementwise affine), samples longer than a
// workgroup; 300 random configurations per run.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { numel, type Tensor } from '../../../core/tensor';
import { layerNormBackward, layerNormTrain } from '../../../cpu/grad/layerNorm';
import { randomArray, randomTensor } from '../../../cpu/testing/helpers';
import { closeTo } from '../../testing/compare';
import { runAndReadF32, Taken } from '../../testing/grad';
import { requireGpu } from '../../testing/nodeGpu';
import { layerNormBackwardProgram, layerNormTrainProgram } from './layerNorm';

async function expectTwin(x: Tensor, affine: boolean, eps: number, seed: number) {
  const gpu = await requireGpu();
  const N = x.shape[0];
  const S = numel(x.shape.slice(1));
  const gamma = affine ? randomArray(S, seed + 1) : null;
  const beta = affine ? randomArray(S, seed + 2) : null;
  const dy = randomArray(numel(x.shape), seed + 3);
  const fwd = layerNormTrain(x, gamma, beta, eps);
  const back = layerNormBackward({ shape: x.shape, data: dy }, x, gamma, fwd);
  const take = new Taken(gpu);
  try {
    const xs = take.tensor(x.shape, x.data, 'test.x');
    const out = take.emptyTensor(x.shape, 'test.out');
    const g = gamma && take.data(gamma, 'test.gamma');
    const b = beta && take.data(beta, 'test.beta');
    const [mean, rstd] = [take.empty(N), take.empty(N)];
    const dx = take.emptyTensor(x.shape, 'test.dx');
    const [dgamma, dbeta] = affine ? [take.empty(S), take.empty(S)] : [null, null];
    const train = layerNormTrainProgram(gpu, { x: xs, out, gamma: g, beta: b, mean, rstd }, eps);
    const backward = layerNormBackwardProgram(gpu, {
      dy: take.tensor(x.shape, dy, 'test.dy'),
      x: xs,
      gamma: g,
      mean,
      rstd,
      dx,
      dgamma,
      dbeta,
    });
    const n = numel(x.shape);
    const reads: [GPUBuffer, number][] = [
      [out.buffer, n],
      [mean, N],
      [rstd, N],
      [dx.buffer, n],
    ];
    if (dgamma && dbeta) reads.push([dgamma, S], [dbeta, S]);
    const got = await runAndReadF32(gpu, [train, backward], reads);
    expect(closeTo(got[0], fwd.out.data), 'out').toEqual([]);
    expect(closeTo(got[1], fwd.mean), 'mean').toEqual([]);
    expect(closeTo(got[2], fwd.rstd), 'rstd').toEqual([]);
    expect(closeTo(got[3], back.dx.data), 'dx').toEqual([]);
    if (affine) {
      expect(closeTo(got[4], back.dgamma!), 'dgamma').toEqual([]);
      expect(closeTo(got[5], back.dbeta!), 'dbeta').toEqual([]);
    }
  } finally {
    take.release();
  }
}

describe('layer norm training on the GPU', () => {
  it('x=[2,8,16,16] (a sample longer than a workgroup), affine and not', async () => {
    await expectTwin(randomTensor([2, 8, 16, 16], 1, 2), true, 1e-5, 2);
    await expectTwin(randomTensor([2, 8, 16, 16], 3), false, 1e-5, 4);
  });

  it('300 random configs ([N, C, H, W], [N, F]; affine; eps) match the twin', async () => {
    const gpu = await requireGpu();
    const dim = (max: number) => fc.integer({ min: 1, max });
    const shapes = fc.oneof(fc.tuple(dim(3), dim(5), dim(7), dim(7)), fc.tuple(dim(8), dim(40)));
    await fc.assert(
      fc.asyncProperty(
        shapes,
        fc.boolean(),
        fc.constantFrom(1e-5, 1e-3, 0.1),
        fc.constantFrom(0.5, 1, 4),
        fc.nat(),
        async (s, affine, eps, scale, seed) =>
          expectTwin(randomTensor(s, seed, scale), affine, eps, seed),
      ),
      { numRuns: 300 },
    );
    expect(gpu.buffers.inUse).toBe(0);
  }, 120_000);
});
