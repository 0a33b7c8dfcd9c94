// layerNorm on the GPU against its CPU twin: exact cases, a sample larger than a workgroup,
// with and without gamma / beta, and 300 random configurations per run (ranks 2 and 4).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { numel, tensor, type Tensor } from '../../core/tensor';
import { layerNorm } from '../../cpu/layerNorm';
import { randomArray, randomTensor } from '../../cpu/testing/helpers';
import type { Gpu } from '../gpu';
import { closeTo } from '../testing/compare';
import { empty, requireGpu, runAndRead, upload } from '../testing/nodeGpu';
import { layerNormProgram } from './layerNorm';
import { releaseRecorded } from './program';

async function gpuLayerNorm(
  gpu: Gpu,
  x: Tensor,
  gamma: Float32Array | null,
  beta: Float32Array | null,
  eps: number,
): Promise<Float32Array> {
  const xs = upload(gpu, x);
  const out = empty(gpu, x.shape);
  const g = gamma && upload(gpu, tensor([gamma.length], gamma), 'test.gamma').buffer;
  const b = beta && upload(gpu, tensor([beta.length], beta), 'test.beta').buffer;
  const rec = layerNormProgram(gpu, xs, out, g, b, eps);
  try {
    return await runAndRead(gpu, [rec], out);
  } finally {
    releaseRecorded(gpu, rec);
    for (const buf of [xs.buffer, out.buffer, g, b]) if (buf) gpu.buffers.release(buf);
  }
}

describe('layerNorm on the GPU: exact cases', () => {
  it('x=[2,2] no affine: each row normalized to [-1, 1]', async () => {
    const x = tensor([2, 2], [1, 3, -4, 6]);
    const got = await gpuLayerNorm(await requireGpu(), x, null, null, 1e-12);
    expect(closeTo(got, [-1, 1, -1, 1])).toEqual([]);
  });

  it('x=[1,1,2,2] gamma=[1,2,3,4] beta=[0,0,0,1]', async () => {
    const x = tensor([1, 1, 2, 2], [1, 3, 1, 3]);
    const gamma = Float32Array.of(1, 2, 3, 4);
    const beta = Float32Array.of(0, 0, 0, 1);
    const got = await gpuLayerNorm(await requireGpu(), x, gamma, beta, 1e-12);
    expect(closeTo(got, [-1, 2, -3, 5])).toEqual([]);
  });

  it.each([
    [true, false],
    [false, true],
  ])('x=[2,3,4] gamma=%s beta=%s (rank 3)', async (hasGamma, hasBeta) => {
    const x = randomTensor([2, 3, 4], 4);
    const gamma = hasGamma ? randomArray(12, 5) : null;
    const beta = hasBeta ? randomArray(12, 6) : null;
    const got = await gpuLayerNorm(await requireGpu(), x, gamma, beta, 1e-5);
    expect(closeTo(got, layerNorm(x, gamma, beta, 1e-5).data)).toEqual([]);
  });

  it('x=[2,16,20,20] with gamma and beta (6400 values per sample, offset 5)', async () => {
    const x = randomTensor([2, 16, 20, 20], 8);
    x.data.forEach((v, i) => (x.data[i] = v * 2 + 5));
    const gamma = randomArray(6400, 9);
    const beta = randomArray(6400, 10);
    const got = await gpuLayerNorm(await requireGpu(), x, gamma, beta, 1e-5);
    expect(closeTo(got, layerNorm(x, gamma, beta, 1e-5).data)).toEqual([]);
  });

  it('x=[2,3] with a NaN: only its sample is NaN', async () => {
    const x = tensor([2, 3], [1, NaN, 2, 3, 4, 6]);
    const got = await gpuLayerNorm(await requireGpu(), x, null, null, 1e-5);
    expect(closeTo(got, layerNorm(x, null, null, 1e-5).data)).toEqual([]);
    expect(Number.isNaN(got[0])).toBe(true);
  });
});

const configs = fc.record({
  shape: fc.oneof(
    fc.tuple(fc.integer({ min: 1, max: 2 }), fc.integer({ min: 1, max: 40 })),
    fc.tuple(
      fc.integer({ min: 1, max: 2 }),
      fc.integer({ min: 1, max: 6 }),
      fc.integer({ min: 1, max: 12 }),
      fc.integer({ min: 1, max: 12 }),
    ),
  ),
  hasGamma: fc.boolean(),
  hasBeta: fc.boolean(),
  eps: fc.constantFrom(1e-5, 1e-3, 0.1),
  shift: fc.double({ min: -5, max: 5, noNaN: true }),
  seed: fc.nat(),
});

describe('layerNorm on the GPU: properties', () => {
  it('300 random configs ([N,F] and [N,C,H,W], with/without gamma and beta) match the twin', async () => {
    const gpu = await requireGpu();
    await fc.assert(
      fc.asyncProperty(configs, async (c) => {
        const x = randomTensor(c.shape, c.seed);
        x.data.forEach((v, i) => (x.data[i] = v + c.shift));
        const size = numel(c.shape.slice(1));
        const gamma = c.hasGamma ? randomArray(size, c.seed + 1) : null;
        const beta = c.hasBeta ? randomArray(size, c.seed + 2) : null;
        const got = await gpuLayerNorm(gpu, x, gamma, beta, c.eps);
        expect(closeTo(got, layerNorm(x, gamma, beta, c.eps).data)).toEqual([]);
      }),
      { numRuns: 300 },
    );
    expect(gpu.buffers.inUse).toBe(0);
  });
});
