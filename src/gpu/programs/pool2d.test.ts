// pool2d on the GPU against its CPU twin: hand-checked cases (argmax, ties, ceil mode, padding
// with and without count_include_pad, NaN) and 300 random configurations per run.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pool2d as poolLayer, type Pool2dLayer } from '../../core/layers';
import { isIssue, poolInfo } from '../../core/shape';
import { numel, tensor, type Tensor } from '../../core/tensor';
import { pool2d } from '../../cpu/pool2d';
import { randomTensor } from '../../cpu/testing/helpers';
import { READBACK, STORAGE, type Gpu } from '../gpu';
import { closeTo } from '../testing/compare';
import { empty, requireGpu, runAndRead, upload } from '../testing/nodeGpu';
import { releaseRecorded } from './program';
import { pool2dProgram } from './pool2d';

async function readI32(gpu: Gpu, buffer: GPUBuffer, n: number): Promise<Int32Array> {
  const staging = gpu.buffers.acquire(n * 4, READBACK, 'test.argmax.readback');
  const enc = gpu.device.createCommandEncoder({ label: 'test.argmax' });
  enc.copyBufferToBuffer(buffer, 0, staging, 0, n * 4);
  gpu.device.queue.submit([enc.finish()]);
  await staging.mapAsync(GPUMapMode.READ, 0, n * 4);
  const data = new Int32Array(staging.getMappedRange(0, n * 4).slice(0));
  staging.unmap();
  gpu.buffers.release(staging);
  return data;
}

/** Runs pool2dProgram and returns its output and argmax; releases every buffer it took. */
async function gpuPool(gpu: Gpu, x: Tensor, layer: Pool2dLayer, withArgmax = true) {
  const info = poolInfo(layer, x.shape);
  if (isIssue(info)) throw new Error(info.message);
  const shape = [info.batch, info.inChannels, info.h.out, info.w.out];
  const n = numel(shape);
  const xs = upload(gpu, x);
  const out = empty(gpu, shape);
  const am =
    withArgmax && layer.kind === 'maxPool2d'
      ? gpu.buffers.acquire(n * 4, STORAGE, 'test.argmax')
      : null;
  const rec = pool2dProgram(gpu, xs, out, layer, info, am);
  const data = await runAndRead(gpu, [rec], out);
  const argmax = am ? await readI32(gpu, am, n) : null;
  releaseRecorded(gpu, rec);
  for (const b of [xs.buffer, out.buffer, ...(am ? [am] : [])]) gpu.buffers.release(b);
  return { data, argmax, shape };
}

async function expectTwin(x: Tensor, layer: Pool2dLayer): Promise<void> {
  const gpu = await requireGpu();
  const got = await gpuPool(gpu, x, layer);
  const want = pool2d(x, layer);
  expect(got.shape).toEqual(want.out.shape);
  expect(closeTo(got.data, want.out.data)).toEqual([]);
  expect(got.argmax && Array.from(got.argmax)).toEqual(want.argmax && Array.from(want.argmax));
}

const x4 = tensor([1, 1, 4, 4], [1, 1, 2, 4, 5, 6, 7, 8, 3, 2, 1, 0, 1, 2, 3, 4]);
// x[r][c] = 5r + c + 1 on 5×5.
const x5 = tensor(
  [1, 1, 5, 5],
  Array.from({ length: 25 }, (_, i) => i + 1),
);

describe('pool2d on the GPU: exact cases', () => {
  it('x=[1,1,4,4] max k=2 s=2 → [[6,8],[3,4]] with argmax', async () => {
    const gpu = await requireGpu();
    const { data, argmax } = await gpuPool(gpu, x4, poolLayer('p', 'maxPool2d', 2));
    expect(Array.from(data)).toEqual([6, 8, 3, 4]);
    expect(Array.from(argmax!)).toEqual([5, 7, 8, 15]);
  });

  it('x=[1,1,4,4] max k=2 s=2 without an argmax buffer', async () => {
    const gpu = await requireGpu();
    const { data, argmax } = await gpuPool(gpu, x4, poolLayer('p', 'maxPool2d', 2), false);
    expect(Array.from(data)).toEqual([6, 8, 3, 4]);
    expect(argmax).toBeNull();
  });

  it('x=[2,2,2,2] max k=2: argmax per channel plane, first max wins on ties', async () => {
    const x = tensor([2, 2, 2, 2], [1, 1, 1, 1, 0, 2, 2, 1, 3, 0, 0, 3, -1, -1, -1, -2]);
    const gpu = await requireGpu();
    const { data, argmax } = await gpuPool(gpu, x, poolLayer('p', 'maxPool2d', 2));
    expect(Array.from(data)).toEqual([1, 2, 3, -1]);
    expect(Array.from(argmax!)).toEqual([0, 1, 0, 0]);
  });

  it('x=[1,1,4,4] avg k=2 s=2', async () => {
    const gpu = await requireGpu();
    const { data } = await gpuPool(gpu, x4, poolLayer('p', 'avgPool2d', 2));
    expect(Array.from(data)).toEqual([13 / 4, 21 / 4, 2, 2]);
  });

  it('x=[1,1,5,5] max k=2 s=2 ceil → 3×3 with argmax', async () => {
    const gpu = await requireGpu();
    const layer = poolLayer('p', 'maxPool2d', 2, { ceilMode: true });
    const { data, argmax, shape } = await gpuPool(gpu, x5, layer);
    expect(shape).toEqual([1, 1, 3, 3]);
    expect(Array.from(data)).toEqual([7, 9, 10, 17, 19, 20, 22, 24, 25]);
    expect(Array.from(argmax!)).toEqual([6, 8, 9, 16, 18, 19, 21, 23, 24]);
  });

  it.each([true, false])(
    'x=[1,1,5,5] avg k=2 s=2 ceil countIncludePad=%s: overhang divides by clipped size',
    async (countIncludePad) => {
      const gpu = await requireGpu();
      const layer = poolLayer('p', 'avgPool2d', 2, { ceilMode: true, countIncludePad });
      const { data } = await gpuPool(gpu, x5, layer);
      expect(Array.from(data)).toEqual([4, 6, 7.5, 14, 16, 17.5, 21.5, 23.5, 25]);
    },
  );

  it.each([true, false])(
    'x=[1,1,5,5] avg k=3 s=2 p=1 ceil countIncludePad=%s',
    async (countIncludePad) => {
      const layer = poolLayer('p', 'avgPool2d', 3, {
        stride: 2,
        padding: 1,
        ceilMode: true,
        countIncludePad,
      });
      await expectTwin(x5, layer);
      const gpu = await requireGpu();
      const { data } = await gpuPool(gpu, x5, layer);
      // Top-left window: rows/cols {-1,0,1} → cells 1,2,6,7; divisor 9 with padding, else 4.
      expect(data[0]).toBeCloseTo(16 / (countIncludePad ? 9 : 4), 5);
    },
  );

  it('x=[1,1,5,5] max k=3 s=2 p=1 ceil: padding never wins', async () => {
    const neg = tensor(
      [1, 1, 5, 5],
      Array.from({ length: 25 }, (_, i) => -1 - i),
    );
    await expectTwin(
      neg,
      poolLayer('p', 'maxPool2d', 3, { stride: 2, padding: 1, ceilMode: true }),
    );
  });

  it('x=[1,1,4,4] max k=2 with NaN: NaN wins, a later NaN takes the index', async () => {
    const x = tensor([1, 1, 4, 4], [1, NaN, 2, 4, NaN, 9, 7, 8, 3, 2, 1, 0, 1, 2, -Infinity, 4]);
    const gpu = await requireGpu();
    const { data, argmax } = await gpuPool(gpu, x, poolLayer('p', 'maxPool2d', 2));
    expect(Array.from(data)).toEqual([NaN, 8, 3, 4]);
    expect(Array.from(argmax!)).toEqual([4, 7, 8, 15]);
    await expectTwin(x, poolLayer('p', 'maxPool2d', 2));
    // closeTo cannot compare infinities, so the average sees a finite value there.
    x.data[14] = 3;
    await expectTwin(x, poolLayer('p', 'avgPool2d', 2));
  });

  it('x=[1,1,2,2] max k=2 of all -inf keeps -inf at the first cell', async () => {
    const gpu = await requireGpu();
    const x = tensor([1, 1, 2, 2], [-Infinity, -Infinity, -Infinity, -Infinity]);
    const { data, argmax } = await gpuPool(gpu, x, poolLayer('p', 'maxPool2d', 2));
    expect([data[0], argmax![0]]).toEqual([-Infinity, 0]);
  });

  it('x=[1,3,40,40] max and avg k=3 s=2 p=1 (several workgroups)', async () => {
    const x = randomTensor([1, 3, 40, 40], 7);
    await expectTwin(x, poolLayer('p', 'maxPool2d', 3, { stride: 2, padding: 1 }));
    await expectTwin(x, poolLayer('p', 'avgPool2d', 3, { stride: 2, padding: 1 }));
  });
});

const configs = fc
  .record({
    kind: fc.constantFrom('maxPool2d' as const, 'avgPool2d' as const),
    shape: fc.tuple(
      fc.integer({ min: 1, max: 2 }),
      fc.integer({ min: 1, max: 6 }),
      fc.integer({ min: 1, max: 12 }),
      fc.integer({ min: 1, max: 12 }),
    ),
    kernel: fc.tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 })),
    stride: fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 })),
    padFrac: fc.tuple(
      fc.double({ min: 0, max: 1, noNaN: true }),
      fc.double({ min: 0, max: 1, noNaN: true }),
    ),
    ceilMode: fc.boolean(),
    countIncludePad: fc.boolean(),
    // Integers make ties (first max wins); a NaN checks propagation.
    ties: fc.boolean(),
    nanAt: fc.option(fc.nat(), { freq: 5 }),
    seed: fc.nat(),
  })
  .map((c) => {
    const padding: [number, number] = [
      Math.floor(c.padFrac[0] * (Math.floor(c.kernel[0] / 2) + 1)),
      Math.floor(c.padFrac[1] * (Math.floor(c.kernel[1] / 2) + 1)),
    ];
    const layer = poolLayer('p', c.kind, c.kernel, {
      stride: c.stride,
      padding,
      ceilMode: c.ceilMode,
      countIncludePad: c.countIncludePad,
    });
    return { ...c, layer };
  })
  .filter((c) => !isIssue(poolInfo(c.layer, c.shape)));

describe('pool2d on the GPU: properties', () => {
  it('300 random configs (max/avg, kernel, stride, padding, ceil, countIncludePad) match the twin', async () => {
    const gpu = await requireGpu();
    await fc.assert(
      fc.asyncProperty(configs, async (c) => {
        const x = randomTensor(c.shape, c.seed, c.ties ? 2 : 1);
        if (c.ties) x.data.forEach((v, i) => (x.data[i] = Math.round(v)));
        if (c.nanAt !== null) x.data[c.nanAt % x.data.length] = NaN;
        const got = await gpuPool(gpu, x, c.layer);
        const want = pool2d(x, c.layer);
        expect(got.shape).toEqual(want.out.shape);
        expect(closeTo(got.data, want.out.data)).toEqual([]);
        expect(got.argmax && Array.from(got.argmax)).toEqual(
          want.argmax && Array.from(want.argmax),
        );
      }),
      { numRuns: 300 },
    );
    expect(gpu.buffers.inUse).toBe(0);
  });
});
