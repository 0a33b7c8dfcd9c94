// Property tests: ≥ 300 random valid conv2d configurations per kernel (forced), each compared
// with the CPU twin. Small tensors (C ≤ 8, H, W ≤ 12, K ≤ 5) keep the run to seconds.

import fc from 'fast-check';
import { afterAll, describe, it } from 'vitest';
import {
  ACTIVATIONS,
  conv2d as convLayer,
  type Padding,
  type PaddingMode,
} from '../../core/layers';
import { convInfo, isIssue } from '../../core/shape';
import { randomArray, randomTensor } from '../../cpu/testHelpers';
import { closeTo } from '../testing/compare';
import type { ConvKernel } from './conv2d';
import { cpuConv, gpuConv, releaseTestGpu, testGpu, type ConvCase } from './conv2d.testing';

afterAll(releaseTestGpu);

const RUNS = 300;
const modes: PaddingMode[] = ['zeros', 'replicate', 'reflect'];
const divisors = (n: number) =>
  Array.from({ length: n }, (_, i) => i + 1).filter((d) => n % d === 0);

/** A random conv; `depthwise` makes groups = C_in with a channel multiplier of 1 or 2. */
const convCase = (depthwise: boolean): fc.Arbitrary<ConvCase & { name: string }> =>
  fc
    .record({
      n: fc.integer({ min: 1, max: 2 }),
      c: fc.integer({ min: 1, max: 8 }),
      m: fc.integer({ min: 1, max: 8 }),
      gPick: fc.nat(),
      h: fc.integer({ min: 1, max: 12 }),
      w: fc.integer({ min: 1, max: 12 }),
      kernel: fc.tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 })),
      stride: fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 })),
      dilation: fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 })),
      padding: fc.oneof(
        fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 })),
        fc.constantFrom('same', 'valid'),
      ) as fc.Arbitrary<Padding>,
      mode: fc.constantFrom(...modes),
      bias: fc.boolean(),
      flip: fc.boolean(),
      act: fc.option(fc.constantFrom(...ACTIVATIONS), { freq: 2 }),
      seed: fc.integer(),
    })
    .map((r) => {
      const g = depthwise ? r.c : divisors(r.c)[r.gPick % divisors(r.c).length];
      // Output channels: a multiple of the groups (depthwise: multiplier 1 or 2).
      const m = depthwise ? r.c * (1 + (r.m % 2)) : g * Math.max(1, Math.round(r.m / g));
      const layer = convLayer('c', m, r.kernel, {
        stride: r.stride,
        dilation: r.dilation,
        padding: r.padding,
        paddingMode: r.mode,
        groups: g,
        bias: r.bias,
      });
      const shape = [r.n, r.c, r.h, r.w];
      const taps = r.kernel[0] * r.kernel[1];
      const name =
        `x=[${shape}] m=${m} k=${r.kernel} s=${r.stride} d=${r.dilation} p=${r.padding} ` +
        `${r.mode} g=${g} bias=${r.bias} flip=${r.flip} act=${r.act}`;
      return {
        name,
        x: randomTensor(shape, r.seed),
        weight: randomArray((m * r.c * taps) / g, r.seed + 1),
        bias: r.bias ? randomArray(m, r.seed + 2) : null,
        layer,
        trueConvolution: r.flip,
        ...(r.act ? { activation: { fn: r.act, alpha: 0.1 } } : {}),
      };
    });

const cases: [ConvKernel, boolean][] = [
  ['direct', false],
  ['gemm', false],
  ['depthwise', true],
];

describe('conv2d on the GPU matches the CPU twin on random configurations', () => {
  for (const [kernel, depthwise] of cases) {
    it(`${RUNS} random valid convs, C ≤ 8, H, W ≤ 12, K ≤ 5 [${kernel}]`, async () => {
      const gpu = await testGpu();
      await fc.assert(
        fc.asyncProperty(convCase(depthwise), async (c) => {
          fc.pre(!isIssue(convInfo(c.layer, c.x.shape)));
          const got = await gpuConv(gpu, c, { kernel });
          const bad = closeTo(got.data, cpuConv(c).data);
          if (bad.length > 0) throw new Error(`${c.name}: ${bad.join('; ')}`);
        }),
        { numRuns: RUNS, seed: 42, endOnFailure: true },
      );
    }, 120_000);
  }
});
