// Property tests: 300 random valid conv2d configurations per kernel (forced), each compared with
// the CPU twin: random stride, dilation, padding (numbers, 'same', 'valid'), padding mode, groups,
// bias, flip and fused activation. Small tensors (C ≤ 8, H, W ≤ 12, K ≤ 5) keep it to seconds.

import fc from 'fast-check';
import { describe, it } from 'vitest';
import {
  ACTIVATIONS,
  conv2d as convLayer,
  type Padding,
  type PaddingMode,
} from '../../core/layers';
import { convInfo, isIssue } from '../../core/shape';
import { randomArray, randomTensor } from '../../cpu/testing/helpers';
import { closeTo } from '../testing/compare';
import { requireGpu } from '../testing/nodeGpu';
import type { ConvKernel } from './conv2d';
import { cpuConv, gpuConv, type ConvCase } from '../testing/conv2d';

const RUNS = 300;
const modes: PaddingMode[] = ['zeros', 'replicate', 'reflect'];
const divisors = (n: number) =>
  Array.from({ length: n }, (_, i) => i + 1).filter((d) => n % d === 0);

type Shape = 'any' | 'depthwise' | 'depthwise3x3';
const pair = (min: number, max: number) =>
  fc.tuple(fc.integer({ min, max }), fc.integer({ min, max }));
/** depthwise3x3's layers: a 3 x 3 kernel, the same stride 1 or 2 on both axes, no dilation. */
const square = (values: number[]) => fc.constantFrom(...values).map((v) => [v, v] as const);

/**
 * A random conv. 'depthwise' makes groups = C_in with a channel multiplier of 1 or 2;
 * 'depthwise3x3' also fixes the kernel, stride and dilation to what that kernel handles.
 */
const convCase = (shape: Shape): fc.Arbitrary<ConvCase & { name: string }> =>
  fc
    .record({
      n: fc.integer({ min: 1, max: 2 }),
      c: fc.integer({ min: 1, max: 8 }),
      m: fc.integer({ min: 1, max: 8 }),
      gPick: fc.nat(),
      h: fc.integer({ min: 1, max: 12 }),
      w: fc.integer({ min: 1, max: 12 }),
      kernel: shape === 'depthwise3x3' ? square([3]) : pair(1, 5),
      stride: shape === 'depthwise3x3' ? square([1, 2]) : pair(1, 3),
      dilation: shape === 'depthwise3x3' ? square([1]) : pair(1, 3),
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
      const depthwise = shape !== 'any';
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
      const xShape = [r.n, r.c, r.h, r.w];
      const taps = r.kernel[0] * r.kernel[1];
      const name =
        `x=[${xShape}] m=${m} k=${r.kernel} s=${r.stride} d=${r.dilation} p=${r.padding} ` +
        `${r.mode} g=${g} bias=${r.bias} flip=${r.flip} act=${r.act}`;
      return {
        name,
        x: randomTensor(xShape, r.seed),
        weight: randomArray((m * r.c * taps) / g, r.seed + 1),
        bias: r.bias ? randomArray(m, r.seed + 2) : null,
        layer,
        trueConvolution: r.flip,
        ...(r.act ? { activation: { fn: r.act, alpha: 0.1 } } : {}),
      };
    });

const cases: [ConvKernel, Shape, string][] = [
  ['direct', 'any', 'any groups dividing C, K ≤ 5, s ≤ 3, d ≤ 3'],
  ['gemm', 'any', 'any groups dividing C, K ≤ 5, s ≤ 3, d ≤ 3'],
  ['depthwise', 'depthwise', 'g = C, multiplier 1|2, K ≤ 5, s ≤ 3, d ≤ 3'],
  ['depthwise3x3', 'depthwise3x3', 'g = C, multiplier 1|2, K = 3, s = 1|2 square, d = 1'],
];

describe('conv2d on the GPU matches the CPU twin on random configurations', () => {
  for (const [kernel, shape, what] of cases) {
    it(`${RUNS} random valid convs, C ≤ 8, H, W ≤ 12, ${what} [${kernel}]`, async () => {
      const gpu = await requireGpu();
      await fc.assert(
        fc.asyncProperty(convCase(shape), async (c) => {
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
