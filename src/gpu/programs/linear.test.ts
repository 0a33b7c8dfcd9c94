// linear on the GPU against its CPU twin (src/cpu/linear.ts): fixed cases and ≥ 300 random shapes
// per kernel (forced), an fc-like [1, 4096] → 1000, and the kernel choice.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tensor, type Tensor } from '../../core/tensor';
import { activation } from '../../cpu/activation';
import { linear } from '../../cpu/linear';
import { randomArray, randomTensor } from '../../cpu/testing/helpers';
import type { Gpu } from '../gpu';
import { closeTo } from '../testing/compare';
import { empty, requireGpu, runAndRead, upload } from '../testing/nodeGpu';
import {
  chooseLinearKernel,
  linearProgram,
  type LinearKernel,
  type LinearProgramOptions,
} from './linear';
import { releaseRecorded } from './program';

const KERNELS: readonly LinearKernel[] = ['gemv', 'gemm'];

async function gpuLinear(
  gpu: Gpu,
  x: Tensor,
  weight: Float32Array,
  bias: Float32Array | null,
  opts: LinearProgramOptions,
): Promise<Float32Array> {
  const o = weight.length / x.shape[1];
  const xs = upload(gpu, x, 'test.x');
  const w = upload(gpu, tensor([weight.length], weight), 'test.weight');
  const b = bias ? upload(gpu, tensor([o], bias), 'test.bias') : null;
  const out = empty(gpu, [x.shape[0], o], 'test.out');
  const rec = linearProgram(gpu, xs, w.buffer, b?.buffer ?? null, out, 'linear', opts);
  try {
    return await runAndRead(gpu, [rec], out);
  } finally {
    releaseRecorded(gpu, rec);
    for (const t of [xs, w, b, out]) if (t) gpu.buffers.release(t.buffer);
  }
}

function cpuLinear(
  x: Tensor,
  weight: Float32Array,
  bias: Float32Array | null,
  opts: LinearProgramOptions,
) {
  const y = linear(x, weight, bias);
  return opts.activation ? activation(y, opts.activation.fn, opts.activation.alpha).data : y.data;
}

describe('linear on the GPU: fixed cases, every kernel', () => {
  for (const kernel of KERNELS) {
    it(`x=[2,3] W=[2,3] bias [${kernel}]`, async () => {
      const gpu = await requireGpu();
      const x = tensor([2, 3], [1, 2, 3, -1, 0, 1]);
      const w = Float32Array.from([1, 0, -1, 2, 1, 0.5]);
      const got = await gpuLinear(gpu, x, w, Float32Array.from([10, 20]), { kernel });
      expect(Array.from(got)).toEqual([8, 25.5, 8, 18.5]);
    });

    it(`x=[1,8] W=[3,8] no bias, fused relu [${kernel}]`, async () => {
      const gpu = await requireGpu();
      const x = tensor([1, 8], [1, 1, 1, 1, 1, 1, 1, 1]);
      const w = Float32Array.from([
        ...Array(8).fill(1),
        ...Array(8).fill(-1),
        ...Array(8).fill(0.5),
      ]);
      const got = await gpuLinear(gpu, x, w, null, { kernel, activation: { fn: 'relu' } });
      expect(Array.from(got)).toEqual([8, 0, 4]);
    });

    it(`x=[3,299] → 200 (F not a multiple of 4) [${kernel}]`, async () => {
      const gpu = await requireGpu();
      const x = randomTensor([3, 299], 5);
      const w = randomArray(200 * 299, 6);
      const b = randomArray(200, 7);
      const got = await gpuLinear(gpu, x, w, b, { kernel });
      expect(closeTo(got, cpuLinear(x, w, b, {}))).toEqual([]);
    });
  }

  it('x=[1,4096] → 1000 fc-like, chosen kernel', async () => {
    const gpu = await requireGpu();
    const x = randomTensor([1, 4096], 8);
    const w = randomArray(1000 * 4096, 9, 0.02);
    const b = randomArray(1000, 10);
    const got = await gpuLinear(gpu, x, w, b, {});
    expect(closeTo(got, cpuLinear(x, w, b, {}))).toEqual([]);
  });

  it('x=[11,36] → 50 in three gemv passes (4 + 4 + 3 rows) [gemv]', async () => {
    const gpu = await requireGpu();
    const x = randomTensor([11, 36], 13);
    const w = randomArray(50 * 36, 14);
    const b = randomArray(50, 15);
    const got = await gpuLinear(gpu, x, w, b, { kernel: 'gemv', activation: { fn: 'tanh' } });
    expect(closeTo(got, cpuLinear(x, w, b, { activation: { fn: 'tanh' } }))).toEqual([]);
  });

  it('x=[70,40] → 90 spans several gemm tiles [gemm]', async () => {
    const gpu = await requireGpu();
    const x = randomTensor([70, 40], 11);
    const w = randomArray(90 * 40, 12);
    const got = await gpuLinear(gpu, x, w, null, { kernel: 'gemm' });
    expect(closeTo(got, cpuLinear(x, w, null, {}))).toEqual([]);
  });
});

describe('linear on the GPU matches the CPU twin on random shapes', () => {
  for (const kernel of KERNELS) {
    it(`300 random x=[N ≤ 3, F ≤ 300] → out ≤ 200, bias on/off, fused activation [${kernel}]`, async () => {
      const gpu = await requireGpu();
      await fc.assert(
        fc.asyncProperty(
          fc.record({
            n: fc.integer({ min: 1, max: 3 }),
            f: fc.integer({ min: 1, max: 300 }),
            o: fc.integer({ min: 1, max: 200 }),
            bias: fc.boolean(),
            act: fc.option(
              fc.constantFrom('relu', 'sigmoid', 'gelu', 'leakyRelu') as fc.Arbitrary<'relu'>,
              {
                freq: 2,
              },
            ),
            seed: fc.integer(),
          }),
          async (r) => {
            const x = randomTensor([r.n, r.f], r.seed);
            const w = randomArray(r.o * r.f, r.seed + 1);
            const b = r.bias ? randomArray(r.o, r.seed + 2) : null;
            const opts: LinearProgramOptions = {
              kernel,
              ...(r.act ? { activation: { fn: r.act, alpha: 0.1 } } : {}),
            };
            const bad = closeTo(await gpuLinear(gpu, x, w, b, opts), cpuLinear(x, w, b, opts));
            if (bad.length > 0) throw new Error(`x=[${r.n},${r.f}] → ${r.o}: ${bad.join('; ')}`);
          },
        ),
        { numRuns: 300, seed: 7, endOnFailure: true },
      );
    }, 120_000);
  }

  it('100 random x=[5 ≤ N ≤ 20, F ≤ 100] → out ≤ 50: gemv in passes of 4 rows [gemv]', async () => {
    const gpu = await requireGpu();
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          n: fc.integer({ min: 5, max: 20 }),
          f: fc.integer({ min: 1, max: 100 }),
          o: fc.integer({ min: 1, max: 50 }),
          seed: fc.integer(),
        }),
        async (r) => {
          const x = randomTensor([r.n, r.f], r.seed);
          const w = randomArray(r.o * r.f, r.seed + 1);
          const b = randomArray(r.o, r.seed + 2);
          const got = await gpuLinear(gpu, x, w, b, { kernel: 'gemv' });
          const bad = closeTo(got, cpuLinear(x, w, b, {}));
          if (bad.length > 0) throw new Error(`x=[${r.n},${r.f}] → ${r.o}: ${bad.join('; ')}`);
        },
      ),
      { numRuns: 100, seed: 8, endOnFailure: true },
    );
  }, 120_000);

  it('the kernel choice: gemv up to 16 rows, gemm beyond', () => {
    expect([1, 4, 5, 16, 17].map(chooseLinearKernel)).toEqual([
      'gemv',
      'gemv',
      'gemv',
      'gemv',
      'gemm',
    ]);
  });

  it('mismatched shapes throw a readable error', async () => {
    const gpu = await requireGpu();
    const buf = gpu.buffers.acquire(64, 0x88, 't');
    expect(() =>
      linearProgram(
        gpu,
        { buffer: buf, shape: [5, 2] },
        buf,
        null,
        { buffer: buf, shape: [4, 1] },
        'l',
      ),
    ).toThrow(/needs x \[N, F\] and out \[N, O\]/);
    gpu.buffers.release(buf);
  });
});
