// batchNorm on the GPU against its CPU twin: exact cases in both modes, the batch statistics, a
// channel larger than a workgroup, and 300 random configurations per run ([N,C,H,W] and [N,F]).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tensor, type Tensor } from '../../core/tensor';
import { batchNorm, type BatchNormParams, type NormMode } from '../../cpu/batchNorm';
import { randomArray, randomTensor } from '../../cpu/testing/helpers';
import { STORAGE, type Gpu } from '../gpu';
import { closeTo } from '../testing/compare';
import { empty, requireGpu, runAndRead, upload } from '../testing/nodeGpu';
import { batchNormProgram } from './batchNorm';
import { releaseRecorded } from './program';

interface Got {
  readonly out: Float32Array;
  readonly mean: Float32Array | null;
  readonly variance: Float32Array | null;
}

/** Runs batchNormProgram; with `withStats` (training) also reads the batch statistics back. */
async function gpuBatchNorm(
  gpu: Gpu,
  x: Tensor,
  p: BatchNormParams,
  eps: number,
  mode: NormMode,
  withStats: boolean,
): Promise<Got> {
  const C = x.shape[1];
  const xs = upload(gpu, x);
  const out = empty(gpu, x.shape);
  const [gamma, beta, runningMean, runningVar] = [p.gamma, p.beta, p.runningMean, p.runningVar].map(
    (a) => upload(gpu, tensor([C], a), 'test.param').buffer,
  );
  const stats = withStats
    ? {
        mean: gpu.buffers.acquire(C * 4, STORAGE, 'test.mean'),
        variance: gpu.buffers.acquire(C * 4, STORAGE, 'test.variance'),
      }
    : null;
  const rec = batchNormProgram(
    gpu,
    xs,
    out,
    { gamma, beta, runningMean, runningVar },
    eps,
    mode,
    stats,
  );
  try {
    const data = await runAndRead(gpu, [rec], out);
    const read = (b: GPUBuffer) => runAndRead(gpu, [], { buffer: b, shape: [C] });
    return {
      out: data,
      mean: stats && (await read(stats.mean)),
      variance: stats && (await read(stats.variance)),
    };
  } finally {
    releaseRecorded(gpu, rec);
    const taken = [xs.buffer, out.buffer, gamma, beta, runningMean, runningVar];
    if (stats) taken.push(stats.mean, stats.variance);
    for (const b of taken) gpu.buffers.release(b);
  }
}

function params(C: number, seed: number): BatchNormParams {
  return {
    gamma: randomArray(C, seed + 1),
    beta: randomArray(C, seed + 2),
    runningMean: randomArray(C, seed + 3),
    runningVar: randomArray(C, seed + 4).map((v) => 0.1 + v * v),
  };
}

const unit = (C: number): BatchNormParams => ({
  gamma: new Float32Array(C).fill(1),
  beta: new Float32Array(C),
  runningMean: new Float32Array(C),
  runningVar: new Float32Array(C).fill(1),
});

describe('batchNorm on the GPU: exact cases', () => {
  it('x=[2,2] training: per-feature batch mean [2,4] and biased variance [1,4]', async () => {
    const x = tensor([2, 2], [1, 2, 3, 6]);
    const got = await gpuBatchNorm(await requireGpu(), x, unit(2), 1e-5, 'training', true);
    expect(Array.from(got.mean!)).toEqual([2, 4]);
    expect(Array.from(got.variance!)).toEqual([1, 4]);
    const s = 1 / Math.sqrt(1 + 1e-5);
    const t = 1 / Math.sqrt(4 + 1e-5);
    expect(closeTo(got.out, [-s, -2 * t, s, 2 * t])).toEqual([]);
  });

  it('x=[1,2,1,2] inference: (x − running mean) · gamma / sqrt(var + eps) + beta', async () => {
    const x = tensor([1, 2, 1, 2], [1, 3, 5, 7]);
    const p: BatchNormParams = {
      gamma: Float32Array.of(2, 0.5),
      beta: Float32Array.of(1, -1),
      runningMean: Float32Array.of(1, 5),
      runningVar: Float32Array.of(4, 0.25),
    };
    const got = await gpuBatchNorm(await requireGpu(), x, p, 1e-12, 'inference', false);
    expect(closeTo(got.out, [1, 3, -1, 1])).toEqual([]);
    expect(closeTo(got.out, batchNorm(x, p, 1e-12, 'inference').out.data)).toEqual([]);
  });

  it('x=[2,3,20,20] training, 800 values per channel, offset 10: stats as the twin', async () => {
    const x = randomTensor([2, 3, 20, 20], 5);
    x.data.forEach((v, i) => (x.data[i] = v + 10));
    const p = params(3, 9);
    const got = await gpuBatchNorm(await requireGpu(), x, p, 1e-5, 'training', true);
    const want = batchNorm(x, p, 1e-5, 'training');
    expect(closeTo(got.out, want.out.data)).toEqual([]);
    expect(closeTo(got.mean!, want.mean)).toEqual([]);
    expect(closeTo(got.variance!, want.variance)).toEqual([]);
  });

  it('x=[1,2,2,2] with a NaN: its channel is NaN in both modes', async () => {
    const x = randomTensor([1, 2, 2, 2], 1);
    x.data[5] = NaN;
    for (const mode of ['inference', 'training'] as const) {
      const got = await gpuBatchNorm(await requireGpu(), x, unit(2), 1e-5, mode, false);
      expect(closeTo(got.out, batchNorm(x, unit(2), 1e-5, mode).out.data)).toEqual([]);
    }
  });

  it('x=[1,3] training (one value per feature) is refused before acquiring anything', async () => {
    const gpu = await requireGpu();
    const x = upload(gpu, tensor([1, 3], [1, 2, 3]));
    const inUse = gpu.buffers.inUse;
    const b = x.buffer;
    const p = { gamma: b, beta: b, runningMean: b, runningVar: b };
    expect(() => batchNormProgram(gpu, x, x, p, 1e-5, 'training', null)).toThrow(
      /more than one value/,
    );
    expect(gpu.buffers.inUse).toBe(inUse);
    gpu.buffers.release(b);
  });
});

const configs = fc.record({
  rank4: fc.boolean(),
  N: fc.integer({ min: 1, max: 2 }),
  C: fc.integer({ min: 1, max: 6 }),
  H: fc.integer({ min: 1, max: 12 }),
  W: fc.integer({ min: 1, max: 12 }),
  mode: fc.constantFrom<NormMode>('inference', 'training'),
  withStats: fc.boolean(),
  eps: fc.constantFrom(1e-5, 1e-3, 0.1),
  shift: fc.double({ min: -5, max: 5, noNaN: true }),
  seed: fc.nat(),
});

describe('batchNorm on the GPU: properties', () => {
  it('300 random configs (both modes, [N,C,H,W] and [N,F], stats) match the twin', async () => {
    const gpu = await requireGpu();
    const valid = configs.filter(
      (c) => c.mode === 'inference' || c.N * (c.rank4 ? c.H * c.W : 1) >= 2,
    );
    await fc.assert(
      fc.asyncProperty(valid, async (c) => {
        const shape = c.rank4 ? [c.N, c.C, c.H, c.W] : [c.N, c.C];
        const x = randomTensor(shape, c.seed);
        x.data.forEach((v, i) => (x.data[i] = v + c.shift));
        const p = params(c.C, c.seed);
        const withStats = c.withStats && c.mode === 'training';
        const got = await gpuBatchNorm(gpu, x, p, c.eps, c.mode, withStats);
        const want = batchNorm(x, p, c.eps, c.mode);
        expect(closeTo(got.out, want.out.data)).toEqual([]);
        if (withStats) {
          expect(closeTo(got.mean!, want.mean)).toEqual([]);
          expect(closeTo(got.variance!, want.variance)).toEqual([]);
        }
      }),
      { numRuns: 300 },
    );
    expect(gpu.buffers.inUse).toBe(0);
  });
});
