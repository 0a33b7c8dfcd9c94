// Dropout on the GPU: the mask hash of shaders/grad/dropout.wgsl equals the TypeScript one of
// src/core/train/dropout.ts bit for bit (seeds, steps and indices up to 2³² − 1), the training
// forward and the backward equal the CPU twin (so the masks agree), 300 random configurations.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dropoutHash } from '../../../core/train/dropout';
import { dropoutBackward, dropoutTrain } from '../../../cpu/grad/dropout';
import { randomArray } from '../../../cpu/testing/helpers';
import { runAndReadBytes, runAndReadF32, Taken } from '../../testing/grad';
import { requireGpu } from '../../testing/nodeGpu';
import { dropoutBackwardProgram, dropoutHashProgram, dropoutTrainProgram } from './dropout';

async function gpuHashes(seed: number, step: number, first: number, count: number) {
  const gpu = await requireGpu();
  const take = new Taken(gpu);
  try {
    const out = take.empty(count, 'test.hashes');
    const rec = dropoutHashProgram(gpu, out, count, seed, step, first);
    return new Uint32Array((await runAndReadBytes(gpu, [rec], [[out, count]]))[0]);
  } finally {
    take.release();
  }
}

const u32 = fc.integer({ min: 0, max: 0xffffffff });

describe('dropout mask hash: WGSL ≡ TypeScript, bit for bit', () => {
  it('seed 0 and 2³² − 1, step 0 and 2³² − 1, 4096 indices from 0 and near 2³²', async () => {
    for (const seed of [0, 0xffffffff])
      for (const step of [0, 0xffffffff])
        for (const first of [0, 0xffffffff - 4095]) {
          const got = await gpuHashes(seed, step, first, 4096);
          const want = Uint32Array.from({ length: 4096 }, (_, i) =>
            dropoutHash(seed, step, first + i),
          );
          expect(Array.from(got)).toEqual(Array.from(want));
        }
  });

  it('300 random (seed, step, first index) triples, 64 indices each', async () => {
    await fc.assert(
      fc.asyncProperty(
        u32,
        u32,
        fc.integer({ min: 0, max: 0xffffffff - 63 }),
        async (seed, step, first) => {
          const got = await gpuHashes(seed, step, first, 64);
          const want = Uint32Array.from({ length: 64 }, (_, i) =>
            dropoutHash(seed, step, first + i),
          );
          expect(Array.from(got)).toEqual(Array.from(want));
        },
      ),
      { numRuns: 300 },
    );
  });
});

async function expectTwin(
  x: Float32Array,
  dy: Float32Array,
  p: number,
  seed: number,
  step: number,
) {
  const gpu = await requireGpu();
  const shape = [x.length];
  const take = new Taken(gpu);
  try {
    const out = take.emptyTensor(shape, 'test.out');
    const dx = take.emptyTensor(shape, 'test.dx');
    const fwd = dropoutTrainProgram(
      gpu,
      { x: take.tensor(shape, x, 'test.x'), out },
      p,
      seed,
      step,
    );
    const back = dropoutBackwardProgram(
      gpu,
      { dy: take.tensor(shape, dy, 'test.dy'), dx },
      p,
      seed,
      step,
    );
    const [y, g] = await runAndReadF32(
      gpu,
      [fwd, back],
      [
        [out.buffer, x.length],
        [dx.buffer, x.length],
      ],
    );
    // One multiply by the same float32 factor: equal bit for bit (NaN ≡ NaN).
    expect(Array.from(y)).toEqual(Array.from(dropoutTrain({ shape, data: x }, p, seed, step).data));
    expect(Array.from(g)).toEqual(
      Array.from(dropoutBackward({ shape, data: dy }, p, seed, step).data),
    );
  } finally {
    take.release();
  }
}

describe('dropout training forward and backward on the GPU', () => {
  it('n=5000 p=0.5, NaN and ±∞ inputs', async () => {
    const x = randomArray(5000, 1);
    x[3] = NaN;
    x[4] = Infinity;
    x[5] = -Infinity;
    await expectTwin(x, randomArray(5000, 2), 0.5, 7, 3);
  });

  it('300 random configs (size, p, seed, step) match the twin bit for bit', async () => {
    const gpu = await requireGpu();
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 2000 }),
        fc.oneof(fc.constantFrom(0, 0.5, 0.99), fc.double({ min: 0, max: 0.99, noNaN: true })),
        u32,
        u32,
        fc.nat(),
        async (n, p, seed, step, data) =>
          expectTwin(randomArray(n, data), randomArray(n, data + 1), p, seed, step),
      ),
      { numRuns: 300 },
    );
    expect(gpu.buffers.inUse).toBe(0);
  });
});
