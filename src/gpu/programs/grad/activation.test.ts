// Activation backward on the GPU against its CPU twin: PyTorch's slopes at the kinks (0, 6, −0),
// NaN and ±∞ inputs and gradients, large |x|, and 300 random configurations per run.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ACTIVATIONS, type ActivationFn } from '../../../core/layers';
import { activationBackward } from '../../../cpu/grad/activation';
import { closeTo } from '../../testing/compare';
import { runAndReadF32, Taken } from '../../testing/grad';
import { requireGpu } from '../../testing/nodeGpu';
import { activationBackwardProgram } from './activation';

async function gpuBackward(x: Float32Array, dy: Float32Array, fn: ActivationFn, alpha: number) {
  const gpu = await requireGpu();
  const take = new Taken(gpu);
  try {
    const shape = [x.length];
    const dx = take.emptyTensor(shape, 'test.dx');
    const rec = activationBackwardProgram(
      gpu,
      { dy: take.tensor(shape, dy, 'test.dy'), x: take.tensor(shape, x, 'test.x'), dx },
      fn,
      alpha,
    );
    return (await runAndReadF32(gpu, [rec], [[dx.buffer, x.length]]))[0];
  } finally {
    take.release();
  }
}

const EDGES = [0, -0, 6, -6, 1e-30, -1e-30, 5.999, 6.001, 20, -20, 85, -85, 3e38, -3e38];
const SPECIAL = [NaN, Infinity, -Infinity];

describe('activation backward on the GPU: kinks and edges', () => {
  it.each(ACTIVATIONS.map((fn) => [fn]))('%s at the kinks, ±∞, NaN and large |x|', async (fn) => {
    const x = Float32Array.from([...EDGES, ...SPECIAL, 1, 1]);
    const dy = Float32Array.from(x, (_, i) => (i < x.length - 2 ? 1.5 : i % 2 ? NaN : Infinity));
    const want = activationBackward(
      { shape: [x.length], data: dy },
      { shape: [x.length], data: x },
      fn,
      0.2,
    );
    const got = await gpuBackward(x, dy, fn, 0.2);
    expect(closeTo(got, want.data)).toEqual([]);
  });

  it('relu, relu6 and leakyRelu take PyTorch slopes at 0 and 6', async () => {
    const x = Float32Array.from([0, -0, 6]);
    const dy = Float32Array.from([1, 1, 1]);
    expect(Array.from(await gpuBackward(x, dy, 'relu', 0.01))).toEqual([0, 0, 1]);
    expect(Array.from(await gpuBackward(x, dy, 'relu6', 0.01))).toEqual([0, 0, 0]);
    expect(Array.from(await gpuBackward(x, dy, 'leakyRelu', 0.5))).toEqual([0.5, 0.5, 1]);
  });
});

describe('activation backward on the GPU: properties', () => {
  it('300 random configs (function, alpha, size, scale, special values) match the twin', async () => {
    const gpu = await requireGpu();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ACTIVATIONS),
        fc.double({ min: -3, max: 3, noNaN: true }),
        fc.integer({ min: 1, max: 700 }),
        fc.constantFrom(0.5, 3, 30),
        fc.array(fc.tuple(fc.nat(), fc.constantFrom(...EDGES, ...SPECIAL)), { maxLength: 4 }),
        fc.nat(),
        async (fn, alpha, n, scale, specials, seed) => {
          const x = Float32Array.from(
            { length: n },
            (_, i) => Math.sin(seed + i * 12.9898) * scale,
          );
          const dy = Float32Array.from({ length: n }, (_, i) => Math.cos(seed * 3 + i * 4.1414));
          for (const [at, v] of specials) x[at % n] = v;
          const want = activationBackward(
            { shape: [n], data: dy },
            { shape: [n], data: x },
            fn,
            alpha,
          );
          expect(closeTo(await gpuBackward(x, dy, fn, alpha), want.data)).toEqual([]);
        },
      ),
      { numRuns: 300 },
    );
    expect(gpu.buffers.inUse).toBe(0);
  });
});
