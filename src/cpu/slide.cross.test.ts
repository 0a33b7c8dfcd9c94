// The slide stepper (core/slideConv, core/slidePool) against the CPU ops: at every output
// position of random convs and pools, the stepper's equation ends in the op's value. This is what
// lets the animation promise "every number on screen matches the CPU reference".

import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { conv2d as convLayer, pool2d as poolLayer, type PaddingMode } from '../core/layers';
import { convInfo, isIssue, poolInfo } from '../core/shape';
import { slideCount } from '../core/slide';
import { convStep } from '../core/slideConv';
import { poolStep } from '../core/slidePool';
import { conv2d } from './conv2d';
import { pool2d } from './pool2d';
import { close, randomArray, randomTensor } from './testing/helpers';

const modes: PaddingMode[] = ['zeros', 'replicate', 'reflect'];

describe('conv stepper = CPU conv2d at every position', () => {
  test('200 random convs (groups, stride, dilation, padding modes, true convolution)', () => {
    fc.assert(
      fc.property(
        fc.record({
          g: fc.integer({ min: 1, max: 2 }),
          cPer: fc.integer({ min: 1, max: 3 }),
          mPer: fc.integer({ min: 1, max: 2 }),
          h: fc.integer({ min: 1, max: 8 }),
          w: fc.integer({ min: 1, max: 8 }),
          k: fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 })),
          s: fc.integer({ min: 1, max: 3 }),
          d: fc.integer({ min: 1, max: 2 }),
          p: fc.integer({ min: 0, max: 2 }),
          mode: fc.constantFrom(...modes),
          bias: fc.boolean(),
          flip: fc.boolean(),
          seed: fc.integer(),
        }),
        (r) => {
          const layer = convLayer('c', r.g * r.mPer, r.k, {
            stride: r.s,
            dilation: r.d,
            padding: r.p,
            paddingMode: r.mode,
            groups: r.g,
            bias: r.bias,
          });
          const x = randomTensor([1, r.g * r.cPer, r.h, r.w], r.seed);
          const info = convInfo(layer, x.shape);
          if (isIssue(info)) return;
          const weight = randomArray(r.g * r.mPer * r.cPer * r.k[0] * r.k[1], r.seed + 1);
          const bias = r.bias ? randomArray(r.g * r.mPer, r.seed + 2) : null;
          const out = conv2d(x, weight, bias, layer, { trueConvolution: r.flip });
          const planes = { data: x.data, c: x.shape[1], h: r.h, w: r.w };
          const count = slideCount(info);
          for (let m = 0; m < info.outChannels; m++) {
            for (let i = 0; i < count; i++) {
              const step = convStep(planes, weight, bias, info, layer, i, m, r.flip);
              expect(close(step.output, out.data[m * count + i])).toBe(true);
            }
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('pool stepper = CPU pool2d at every position', () => {
  test('200 random max/avg pools (padding, ceil mode, count_include_pad); winner = argmax', () => {
    fc.assert(
      fc.property(
        fc.record({
          max: fc.boolean(),
          c: fc.integer({ min: 1, max: 2 }),
          h: fc.integer({ min: 1, max: 9 }),
          w: fc.integer({ min: 1, max: 9 }),
          k: fc.integer({ min: 1, max: 4 }),
          s: fc.integer({ min: 1, max: 3 }),
          p: fc.integer({ min: 0, max: 2 }),
          ceil: fc.boolean(),
          include: fc.boolean(),
          ties: fc.boolean(),
          seed: fc.integer(),
        }),
        (r) => {
          const layer = poolLayer('p', r.max ? 'maxPool2d' : 'avgPool2d', r.k, {
            stride: r.s,
            padding: r.p,
            ceilMode: r.ceil,
            countIncludePad: r.include,
          });
          const x = randomTensor([1, r.c, r.h, r.w], r.seed);
          // Rounded values make ties common, to check the tie rule.
          if (r.ties) x.data.forEach((v, i) => (x.data[i] = Math.round(v)));
          const info = poolInfo(layer, x.shape);
          if (isIssue(info)) return;
          const { out, argmax } = pool2d(x, layer);
          const planes = { data: x.data, c: r.c, h: r.h, w: r.w };
          const count = slideCount(info);
          for (let c = 0; c < r.c; c++) {
            for (let i = 0; i < count; i++) {
              const step = poolStep(planes, info, layer, i, c);
              expect(close(step.output, out.data[c * count + i])).toBe(true);
              if (argmax) {
                const t = step.window.taps[step.winners[0]];
                expect(t.srcY * r.w + t.srcX).toBe(argmax[c * count + i]);
              }
            }
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('dense stepper = CPU linear', () => {
  test('x=[1,12] → 5 features: every neuron', async () => {
    const { denseStep } = await import('../core/slideDense');
    const { linear } = await import('./linear');
    const x = randomTensor([1, 12], 3);
    const w = randomArray(5 * 12, 4);
    const b = randomArray(5, 5);
    const out = linear(x, w, b);
    for (let j = 0; j < 5; j++)
      expect(close(denseStep(x.data, w, b, 12, j).output, out.data[j])).toBe(true);
  });
});

describe('global average pool stepper = CPU globalAvgPool', () => {
  test('x=[1,5,7,6]: every channel', async () => {
    const { gapStep } = await import('../core/slideGap');
    const { globalAvgPool } = await import('./globalAvgPool');
    const x = randomTensor([1, 5, 7, 6], 11);
    const out = globalAvgPool(x);
    const planes = { data: x.data, c: 5, h: 7, w: 6 };
    for (let c = 0; c < 5; c++) expect(close(gapStep(planes, c).output, out.data[c])).toBe(true);
  });
});
