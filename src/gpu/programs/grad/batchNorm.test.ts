// Batch norm in training on the GPU against its CPU twin: the training forward (output, saved
// mean and inverse std, the running statistics updated in place), the backward (dx, dγ, dβ) with
// the batch's statistics and with frozen ones, over [N, C, H, W] and [N, F]; 300 random
// configurations per run.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { numel, type Tensor } from '../../../core/tensor';
import type { BatchNormParams, NormMode } from '../../../cpu/batchNorm';
import { batchNormBackward, batchNormTrain, frozenStats } from '../../../cpu/grad/batchNorm';
import { randomArray, randomTensor } from '../../../cpu/testing/helpers';
import { closeTo } from '../../testing/compare';
import { runAndReadF32, Taken } from '../../testing/grad';
import { requireGpu } from '../../testing/nodeGpu';
import {
  batchNormBackwardProgram,
  batchNormFrozenStatsProgram,
  batchNormTrainProgram,
} from './batchNorm';

function params(C: number, seed: number): BatchNormParams {
  return {
    gamma: randomArray(C, seed + 1),
    beta: randomArray(C, seed + 2),
    runningMean: randomArray(C, seed + 3),
    runningVar: randomArray(C, seed + 4).map((v) => 0.1 + v * v),
  };
}

const expectClose = (what: string, got: Float32Array, want: ArrayLike<number>) =>
  expect(closeTo(got, want), what).toEqual([]);

/** The training forward, then the backward (batch statistics), in one pass each way. */
async function trainTwin(
  x: Tensor,
  p: BatchNormParams,
  eps: number,
  momentum: number,
  seed: number,
) {
  const gpu = await requireGpu();
  const C = x.shape[1];
  const dy = randomArray(numel(x.shape), seed);
  const fwd = batchNormTrain(x, p, eps, momentum);
  const back = batchNormBackward({ shape: x.shape, data: dy }, x, p.gamma, fwd);
  const take = new Taken(gpu);
  try {
    const xs = take.tensor(x.shape, x.data, 'test.x');
    const out = take.emptyTensor(x.shape, 'test.out');
    const [gamma, beta, runningMean, runningVar] = [
      p.gamma,
      p.beta,
      p.runningMean,
      p.runningVar,
    ].map((a) => take.data(a, 'test.param'));
    const [mean, invStd, dgamma, dbeta] = [0, 1, 2, 3].map(() => take.empty(C));
    const dx = take.emptyTensor(x.shape, 'test.dx');
    const train = batchNormTrainProgram(
      gpu,
      { x: xs, out, gamma, beta, runningMean, runningVar, mean, invStd },
      eps,
      momentum,
    );
    const backward = batchNormBackwardProgram(gpu, {
      dy: take.tensor(x.shape, dy, 'test.dy'),
      x: xs,
      gamma,
      mean,
      invStd,
      dx,
      dgamma,
      dbeta,
    });
    const n = numel(x.shape);
    const got = await runAndReadF32(
      gpu,
      [train, backward],
      [
        [out.buffer, n],
        [mean, C],
        [invStd, C],
        [runningMean, C],
        [runningVar, C],
        [dx.buffer, n],
        [dgamma, C],
        [dbeta, C],
      ],
    );
    expectClose('out', got[0], fwd.out.data);
    expectClose('mean', got[1], fwd.mean);
    expectClose('invStd', got[2], fwd.invStd);
    expectClose('running mean', got[3], fwd.runningMean);
    expectClose('running var', got[4], fwd.runningVar);
    expectClose('dx', got[5], back.dx.data);
    expectClose('dgamma', got[6], back.dgamma);
    expectClose('dbeta', got[7], back.dbeta);
  } finally {
    take.release();
  }
}

/** The backward of a layer normalizing with its running statistics. */
async function frozenTwin(x: Tensor, p: BatchNormParams, eps: number, seed: number) {
  const gpu = await requireGpu();
  const C = x.shape[1];
  const dy = randomArray(numel(x.shape), seed);
  const saved = frozenStats(p.runningMean, p.runningVar, eps);
  const mode: NormMode = 'inference';
  const back = batchNormBackward({ shape: x.shape, data: dy }, x, p.gamma, saved, mode);
  const take = new Taken(gpu);
  try {
    const [gamma, runningMean, runningVar] = [p.gamma, p.runningMean, p.runningVar].map((a) =>
      take.data(a, 'test.param'),
    );
    const [mean, invStd, dgamma, dbeta] = [0, 1, 2, 3].map(() => take.empty(C));
    const dx = take.emptyTensor(x.shape, 'test.dx');
    const stats = batchNormFrozenStatsProgram(
      gpu,
      { mean, invStd, runningMean, runningVar },
      C,
      eps,
    );
    const backward = batchNormBackwardProgram(
      gpu,
      {
        dy: take.tensor(x.shape, dy, 'test.dy'),
        x: take.tensor(x.shape, x.data, 'test.x'),
        gamma,
        mean,
        invStd,
        dx,
        dgamma,
        dbeta,
      },
      mode,
    );
    const got = await runAndReadF32(
      gpu,
      [stats, backward],
      [
        [dx.buffer, numel(x.shape)],
        [dgamma, C],
        [dbeta, C],
      ],
    );
    expectClose('dx', got[0], back.dx.data);
    expectClose('dgamma', got[1], back.dgamma);
    expectClose('dbeta', got[2], back.dbeta);
  } finally {
    take.release();
  }
}

describe('batch norm training on the GPU: exact cases', () => {
  it('x=[2,2,1,2]: running statistics after one batch, PyTorch momentum 0.1', async () => {
    // channel 0: 1, 3, 5, 7 → mean 4, unbiased variance 20/3; channel 1: 2, 2, 4, 8 → 4, 8
    const x = { shape: [2, 2, 1, 2], data: Float32Array.from([1, 3, 2, 2, 5, 7, 4, 8]) };
    const p = {
      ...params(2, 0),
      runningMean: Float32Array.from([0, 1]),
      runningVar: Float32Array.from([1, 2]),
    };
    const fwd = batchNormTrain(x, p, 1e-5);
    expect(Array.from(fwd.runningMean)).toEqual([0.4, 1.3].map(Math.fround));
    expect(fwd.runningVar[0]).toBeCloseTo(0.9 + 2 / 3, 6);
    expect(fwd.runningVar[1]).toBeCloseTo(1.8 + 0.8, 6);
    await trainTwin(x, p, 1e-5, 0.1, 1);
  });

  it('x=[4,3,20,20] (a channel longer than a workgroup) and x=[64,10]', async () => {
    await trainTwin(randomTensor([4, 3, 20, 20], 2, 2), params(3, 2), 1e-5, 0.1, 3);
    await trainTwin(randomTensor([64, 10], 4), params(10, 4), 1e-3, 0.1, 5);
    await frozenTwin(randomTensor([4, 3, 20, 20], 6), params(3, 6), 1e-5, 7);
  });
});

describe('batch norm training on the GPU: properties', () => {
  it('300 random configs (shape, eps, momentum, batch or frozen statistics) match the twin', async () => {
    const gpu = await requireGpu();
    const dim = (max: number) => fc.integer({ min: 1, max });
    const shapes = fc.oneof(fc.tuple(dim(4), dim(6), dim(7), dim(7)), fc.tuple(dim(16), dim(12)));
    await fc.assert(
      fc.asyncProperty(
        shapes.filter((s) => numel(s) / s[1] >= 2),
        fc.constantFrom(1e-5, 1e-3, 0.1),
        fc.constantFrom(0.1, 0.01, 1),
        fc.boolean(),
        fc.constantFrom(0.5, 1, 4),
        fc.nat(),
        async (s, eps, momentum, frozen, scale, seed) => {
          const x = randomTensor(s, seed, scale);
          const p = params(s[1], seed);
          if (frozen) await frozenTwin(x, p, eps, seed + 9);
          else await trainTwin(x, p, eps, momentum, seed + 9);
        },
      ),
      { numRuns: 300 },
    );
    expect(gpu.buffers.inUse).toBe(0);
  }, 120_000);
});
