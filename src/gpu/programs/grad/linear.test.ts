// linear backward on the GPU against its CPU twin (src/cpu/grad/linear.ts), with the forward
// conformance tolerance 1e-4·max(1, |cpu|): 300 random shapes on a random kernel (direct or
// gemm) and random needs, real layer shapes at training batches on the kernels chosen by shape,
// the kernel choice and the argument checks.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { linearBackward } from '../../../cpu/grad/linear';
import { randomArray, randomTensor } from '../../../cpu/testing/helpers';
import { closeTo } from '../../testing/compare';
import { gpuLinearBackward, type Need } from '../../testing/gradConv';
import { requireGpu } from '../../testing/nodeGpu';
import {
  chooseLinearGradKernel,
  linearBackwardProgram,
  type LinearBackwardOptions,
} from './linear';

async function compare(
  n: number,
  f: number,
  o: number,
  need: Need,
  seed: number,
  opts: LinearBackwardOptions = {},
): Promise<string[]> {
  const gpu = await requireGpu();
  const x = randomTensor([n, f], seed);
  const w = randomArray(o * f, seed + 1);
  const dy = randomTensor([n, o], seed + 2);
  const want = linearBackward(x, w, dy, need);
  const got = await gpuLinearBackward(gpu, x, w, dy, need, opts);
  const bad: string[] = [];
  const check = (what: string, g: Float32Array | null, c: ArrayLike<number> | null) => {
    if ((g === null) !== (c === null)) bad.push(`${what}: gpu ${g === null ? 'none' : 'some'}`);
    else if (g && c) bad.push(...closeTo(g, c, 1e-4, 3, ['gpu', 'cpu']).map((s) => `${what}${s}`));
  };
  check('dx', got.dx, want.dx?.data ?? null);
  check('dW', got.dWeight, want.dWeight);
  check('db', got.dBias, want.dBias);
  return bad.map((s) => `x=[${n},${f}] → ${o} ${JSON.stringify(opts)}: ${s}`);
}

const ALL: Need = { input: true, weight: true, bias: true };

describe('linear backward (GPU) ≡ CPU twin', () => {
  it('300 random shapes × random kernels and needs', async () => {
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 80 }),
        fc.integer({ min: 1, max: 150 }),
        fc.integer({ min: 1, max: 90 }),
        fc.record({ input: fc.boolean(), weight: fc.boolean(), bias: fc.boolean() }),
        fc.constantFrom('direct' as const, 'gemm' as const),
        fc.integer(),
        async (n, f, o, need, kernel, seed) => {
          const bad = await compare(n, f, o, need, seed, { kernel });
          runs++;
          if (bad.length) throw new Error(bad.join('\n'));
        },
      ),
      { numRuns: 300 },
    );
    expect(runs).toBe(300);
  }, 300_000);

  it.each([
    ['LeNet fc1 [64,400]→120', 64, 400, 120],
    ['LeNet fc3 [64,84]→10', 64, 84, 10],
    ['MNIST MLP [256,784]→128', 256, 784, 128],
    ['VGG-ish head [16,2048]→512', 16, 2048, 512],
  ])('%s', async (_, n, f, o) => {
    expect(await compare(n, f, o, ALL, 5)).toEqual([]);
  });

  it('tiny products run one thread per value, the others the gemm tile', async () => {
    const gpu = await requireGpu();
    expect(chooseLinearGradKernel(64, 10, gpu.limits)).toBe('direct'); // LeNet fc3 dx: 640 values
    expect(chooseLinearGradKernel(120, 400, gpu.limits)).toBe('gemm'); // LeNet fc1 dW
  });

  it('refuses mismatched shapes and short buffers', async () => {
    const gpu = await requireGpu();
    const buf = (n: number) => gpu.buffers.acquire(n * 4, 0x80 | 0x8, 'test.args');
    const bufs = [buf(8), buf(16), buf(4), buf(8)];
    const [x, w, dy, dx] = bufs;
    const base = {
      x: { buffer: x, shape: [2, 4] },
      weight: w,
      dy: { buffer: dy, shape: [2, 2] },
      dx: null,
      dWeight: null,
      dBias: null,
    };
    try {
      const run = (b: Record<string, unknown>) => () =>
        linearBackwardProgram(gpu, { ...base, ...b } as typeof base);
      expect(run({ dy: { buffer: dy, shape: [1, 4] } })).toThrow(
        /needs x \[N, F\] and dy \[N, O\]/,
      );
      expect(run({ dx: { buffer: dx, shape: [4, 2] } })).toThrow(/dx is \[4, 2\]/);
      expect(run({ dWeight: dy })).toThrow(/weight gradient buffer holds 4 values, needs 8/);
    } finally {
      for (const b of bufs) gpu.buffers.release(b);
    }
  });
});
