// pool2d backward on the GPU against its CPU twin: overlapping windows routing several outputs
// to one winner, ties, ceil mode and padding with and without count_include_pad, the argmax
// straight from the GPU forward, and 300 random configurations per run.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pool2d as poolLayer, type Pool2dLayer } from '../../../core/layers';
import { isIssue, poolInfo } from '../../../core/shape';
import { numel, tensor, type Tensor } from '../../../core/tensor';
import { pool2dBackward } from '../../../cpu/grad/pool2d';
import { pool2d } from '../../../cpu/pool2d';
import { randomArray, randomTensor } from '../../../cpu/testing/helpers';
import { closeTo } from '../../testing/compare';
import { runAndReadF32, Taken } from '../../testing/grad';
import { requireGpu } from '../../testing/nodeGpu';
import { pool2dProgram } from '../pool2d';
import { pool2dBackwardProgram } from './pool2d';

function infoOf(layer: Pool2dLayer, shape: readonly number[]) {
  const info = poolInfo(layer, shape);
  if (isIssue(info)) throw new Error(info.message);
  return info;
}

/** dx on the GPU from dy and the CPU forward's argmax (or, gpuArgmax, the GPU forward's). */
async function gpuBackward(x: Tensor, dy: Float32Array, layer: Pool2dLayer, gpuArgmax = false) {
  const gpu = await requireGpu();
  const info = infoOf(layer, x.shape);
  const outShape = [info.batch, info.inChannels, info.h.out, info.w.out];
  const take = new Taken(gpu);
  try {
    const { argmax } = pool2d(x, layer);
    const dyT = take.tensor(outShape, dy, 'test.dy');
    const dx = take.emptyTensor(x.shape, 'test.dx');
    const programs = [];
    let am: GPUBuffer | null = null;
    if (argmax !== null && gpuArgmax) {
      am = take.empty(argmax.length, 'test.argmax');
      const xs = take.tensor(x.shape, x.data, 'test.x');
      programs.push(pool2dProgram(gpu, xs, take.emptyTensor(outShape), layer, info, am));
    } else if (argmax !== null) {
      am = take.data(argmax, 'test.argmax');
    }
    programs.push(pool2dBackwardProgram(gpu, { dy: dyT, argmax: am, dx }, layer, info));
    const [got] = await runAndReadF32(gpu, programs, [[dx.buffer, numel(x.shape)]]);
    return got;
  } finally {
    take.release();
  }
}

async function expectTwin(x: Tensor, layer: Pool2dLayer, seed = 1, gpuArgmax = false) {
  const { out, argmax } = pool2d(x, layer);
  const dy = randomArray(out.data.length, seed);
  const want = pool2dBackward({ shape: out.shape, data: dy }, x.shape, layer, argmax);
  const got = await gpuBackward(x, dy, layer, gpuArgmax);
  expect(closeTo(got, want.data)).toEqual([]);
  return got;
}

describe('pool2d backward on the GPU: exact cases', () => {
  it('x=[1,1,3,3] max k=2 s=1: the centre wins all four windows and gets their sum', async () => {
    const x = tensor([1, 1, 3, 3], [0, 0, 0, 0, 9, 0, 0, 0, 0]);
    const dy = Float32Array.from([1, 2, 3, 4]);
    const got = await gpuBackward(x, dy, poolLayer('p', 'maxPool2d', 2, { stride: 1 }));
    expect(Array.from(got)).toEqual([0, 0, 0, 0, 10, 0, 0, 0, 0]);
  });

  it('x=[1,1,2,4] max k=2 of ties: the first cell of each window takes the gradient', async () => {
    const x = tensor([1, 1, 2, 4], [5, 5, 1, 1, 5, 5, 1, 1]);
    const got = await gpuBackward(x, Float32Array.from([3, 7]), poolLayer('p', 'maxPool2d', 2));
    expect(Array.from(got)).toEqual([3, 0, 7, 0, 0, 0, 0, 0]);
  });

  it('x=[1,1,5,5] avg k=3 s=2 p=1 ceil, with and without count_include_pad', async () => {
    const x = randomTensor([1, 1, 5, 5], 3);
    for (const countIncludePad of [true, false]) {
      const layer = poolLayer('p', 'avgPool2d', 3, {
        stride: 2,
        padding: 1,
        ceilMode: true,
        countIncludePad,
      });
      const dy = new Float32Array(9);
      dy[0] = 1; // the top-left window: cells (0..1) × (0..1), divisor 9 with padding, else 4
      const got = await gpuBackward(x, dy, layer);
      expect(got[0]).toBeCloseTo(countIncludePad ? 1 / 9 : 1 / 4, 6);
      expect(got[12]).toBe(0);
      await expectTwin(x, layer);
    }
  });

  it('x=[1,1,5,5] avg k=2 s=2 ceil: the overhanging last window divides by its clipped size', async () => {
    const x = randomTensor([1, 1, 5, 5], 4);
    const layer = poolLayer('p', 'avgPool2d', 2, { ceilMode: true });
    const dy = new Float32Array(9);
    dy[8] = 1; // window rows 4..5, cols 4..5: only cell (4, 4) inside, divisor 1
    const got = await gpuBackward(x, dy, layer);
    expect(got[24]).toBe(1);
  });

  it('x=[2,3,9,9] max k=3 s=2 p=1 with the argmax of the GPU forward in the same pass', async () => {
    const layer = poolLayer('p', 'maxPool2d', 3, { stride: 2, padding: 1 });
    await expectTwin(randomTensor([2, 3, 9, 9], 5), layer, 2, true);
  });

  it('x=[1,2,40,40] max and avg k=3 s=1 p=1 (several workgroups, heavy overlap)', async () => {
    const x = randomTensor([1, 2, 40, 40], 7);
    await expectTwin(x, poolLayer('p', 'maxPool2d', 3, { padding: 1 }));
    await expectTwin(x, poolLayer('p', 'avgPool2d', 3, { padding: 1 }));
  });
});

const configs = fc
  .record({
    kind: fc.constantFrom('maxPool2d' as const, 'avgPool2d' as const),
    shape: fc.tuple(
      fc.integer({ min: 1, max: 2 }),
      fc.integer({ min: 1, max: 4 }),
      fc.integer({ min: 1, max: 11 }),
      fc.integer({ min: 1, max: 11 }),
    ),
    kernel: fc.tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 })),
    stride: fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 })),
    pad: fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 2 })),
    ceilMode: fc.boolean(),
    countIncludePad: fc.boolean(),
    // Integers make ties (the first maximum wins); a NaN checks where it routes.
    ties: fc.boolean(),
    nanAt: fc.option(fc.nat(), { freq: 5 }),
    gpuArgmax: fc.boolean(),
    seed: fc.nat(),
  })
  .map((c) => ({
    ...c,
    layer: poolLayer('p', c.kind, c.kernel, {
      stride: c.stride,
      padding: [Math.min(c.pad[0], c.kernel[0] >> 1), Math.min(c.pad[1], c.kernel[1] >> 1)],
      ceilMode: c.ceilMode,
      countIncludePad: c.countIncludePad,
    }),
  }))
  .filter((c) => !isIssue(poolInfo(c.layer, c.shape)));

describe('pool2d backward on the GPU: properties', () => {
  it('300 random configs (max/avg, kernel, stride, padding, ceil, countIncludePad, ties) match the twin', async () => {
    const gpu = await requireGpu();
    await fc.assert(
      fc.asyncProperty(configs, async (c) => {
        const x = randomTensor(c.shape, c.seed, c.ties ? 2 : 1);
        if (c.ties) x.data.forEach((v, i) => (x.data[i] = Math.round(v)));
        if (c.nanAt !== null) x.data[c.nanAt % x.data.length] = NaN;
        await expectTwin(x, c.layer, c.seed + 1, c.gpuArgmax);
      }),
      { numRuns: 300 },
    );
    expect(gpu.buffers.inUse).toBe(0);
  });
});
