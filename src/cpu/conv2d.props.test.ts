// Property tests of conv2d: each identity relates conv2d to itself, to linear, or to an
// independently padded input, on small random shapes, so a wrong index anywhere shows up.

import fc from 'fast-check';
import { describe, test } from 'vitest';
import {
  conv2d as convLayer,
  type Conv2dLayer,
  type Padding,
  type PaddingMode,
} from '../core/layers';
import { convInfo, isIssue } from '../core/shape';
import type { Tensor } from '../core/tensor';
import { concat } from './concat';
import { conv2d } from './conv2d';
import { linear } from './linear';
import { assertClose, assertShape, at, randomArray, randomTensor } from './testing/helpers';

const RUNS = { numRuns: 100 };
const modes: PaddingMode[] = ['zeros', 'replicate', 'reflect'];

/** A random conv on a random input; fc.pre drops the few configurations convInfo rejects. */
const convCase = (opts: { groups?: boolean; padding?: 'any' | 'explicit' } = {}) =>
  fc
    .record({
      n: fc.integer({ min: 1, max: 2 }),
      g: opts.groups ? fc.integer({ min: 1, max: 3 }) : fc.constant(1),
      cPer: fc.integer({ min: 1, max: 3 }),
      mPer: fc.integer({ min: 1, max: 3 }),
      h: fc.integer({ min: 1, max: 9 }),
      w: fc.integer({ min: 1, max: 9 }),
      kernel: fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 })),
      stride: fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 })),
      dilation: fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 })),
      padding: (opts.padding === 'explicit'
        ? fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 }))
        : fc.oneof(
            fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 })),
            fc.constantFrom('same', 'valid'),
          )) as fc.Arbitrary<Padding>,
      mode: fc.constantFrom(...modes),
      bias: fc.boolean(),
      seed: fc.integer(),
    })
    .map((r) => {
      const layer = convLayer('c', r.g * r.mPer, r.kernel, {
        stride: r.stride,
        dilation: r.dilation,
        padding: r.padding,
        paddingMode: r.mode,
        groups: r.g,
        bias: r.bias,
      });
      const x = randomTensor([r.n, r.g * r.cPer, r.h, r.w], r.seed);
      const weight = randomArray(r.g * r.mPer * r.cPer * r.kernel[0] * r.kernel[1], r.seed + 1);
      const bias = r.bias ? randomArray(r.g * r.mPer, r.seed + 2) : null;
      return { ...r, layer, x, weight, bias };
    });

const valid = (layer: Conv2dLayer, x: Tensor) => !isIssue(convInfo(layer, x.shape));

describe('conv2d properties', () => {
  test('most random configurations are valid (the properties are not vacuous)', () => {
    const cases = fc.sample(convCase({ groups: true }), { numRuns: 300, seed: 1 });
    const ok = cases.filter(({ layer, x }) => valid(layer, x)).length;
    if (ok < 120) throw new Error(`only ${ok} of 300 random convs are valid`);
  });

  test('a dilated conv equals a conv with a zero-inserted kernel', () => {
    fc.assert(
      fc.property(convCase({ groups: true }), ({ layer, x, weight, bias }) => {
        fc.pre(valid(layer, x));
        const [kh, kw] = layer.kernel;
        const [dh, dw] = layer.dilation;
        const sh = dh * (kh - 1) + 1;
        const sw = dw * (kw - 1) + 1;
        const big = new Float32Array((weight.length / (kh * kw)) * sh * sw);
        for (let k = 0; k < weight.length / (kh * kw); k++) {
          for (let i = 0; i < kh; i++) {
            for (let j = 0; j < kw; j++)
              big[k * sh * sw + i * dh * sw + j * dw] = weight[k * kh * kw + i * kw + j];
          }
        }
        const plain: Conv2dLayer = { ...layer, kernel: [sh, sw], dilation: [1, 1] };
        const a = conv2d(x, weight, bias, layer);
        const b = conv2d(x, big, bias, plain);
        assertShape(a.shape, b.shape);
        assertClose(a.data, b.data);
      }),
      RUNS,
    );
  });

  test('a stride-s output equals the stride-1 output subsampled every s', () => {
    fc.assert(
      fc.property(convCase({ groups: true, padding: 'explicit' }), ({ layer, x, weight, bias }) => {
        fc.pre(valid(layer, x));
        const a = conv2d(x, weight, bias, layer);
        const b = conv2d(x, weight, bias, { ...layer, stride: [1, 1] });
        const [N, M, Ho, Wo] = a.shape;
        const [sh, sw] = layer.stride;
        const sub: number[] = [];
        for (let n = 0; n < N; n++)
          for (let m = 0; m < M; m++)
            for (let i = 0; i < Ho; i++)
              for (let j = 0; j < Wo; j++) sub.push(at(b, n, m, i * sh, j * sw));
        assertClose(a.data, sub);
      }),
      RUNS,
    );
  });

  test('true convolution equals cross-correlation with the 180°-flipped kernel', () => {
    fc.assert(
      fc.property(convCase({ groups: true }), ({ layer, x, weight, bias }) => {
        fc.pre(valid(layer, x));
        const [kh, kw] = layer.kernel;
        const flipped = weight.map((_, idx) => {
          const k = Math.floor(idx / (kh * kw));
          const i = Math.floor((idx % (kh * kw)) / kw);
          const j = idx % kw;
          return weight[k * kh * kw + (kh - 1 - i) * kw + (kw - 1 - j)];
        });
        const a = conv2d(x, weight, bias, layer, { trueConvolution: true });
        const b = conv2d(x, flipped, bias, layer);
        assertClose(a.data, b.data);
      }),
      RUNS,
    );
  });

  test('a grouped conv equals the concatenated convs over channel slices', () => {
    fc.assert(
      fc.property(convCase({ groups: true }), ({ layer, x, weight, bias, g, cPer, mPer }) => {
        fc.pre(valid(layer, x));
        const [N, C, H, W] = x.shape;
        const perOut = weight.length / (g * mPer);
        const parts: Tensor[] = [];
        for (let k = 0; k < g; k++) {
          const xs = new Float32Array(N * cPer * H * W);
          for (let n = 0; n < N; n++) {
            const from = (n * C + k * cPer) * H * W;
            xs.set(x.data.subarray(from, from + cPer * H * W), n * cPer * H * W);
          }
          const ws = weight.slice(k * mPer * perOut, (k + 1) * mPer * perOut);
          const bs = bias && bias.slice(k * mPer, (k + 1) * mPer);
          const sub: Conv2dLayer = { ...layer, groups: 1, outChannels: mPer };
          parts.push(conv2d({ shape: [N, cPer, H, W], data: xs }, ws, bs, sub));
        }
        const a = conv2d(x, weight, bias, layer);
        const b = parts.length === 1 ? parts[0] : concat(parts);
        assertShape(a.shape, b.shape);
        assertClose(a.data, b.data);
      }),
      RUNS,
    );
  });

  test('a 1×1 conv equals a linear layer applied to every pixel', () => {
    fc.assert(
      fc.property(convCase(), ({ x, seed, mPer, cPer, n, h, w }) => {
        const layer = convLayer('c', mPer, 1);
        const weight = randomArray(mPer * cPer, seed + 3);
        const bias = randomArray(mPer, seed + 4);
        const y = conv2d(x, weight, bias, layer);
        const pixels = new Float32Array(n * h * w * cPer);
        for (let b = 0; b < n; b++)
          for (let i = 0; i < h; i++)
            for (let j = 0; j < w; j++)
              for (let c = 0; c < cPer; c++)
                pixels[((b * h + i) * w + j) * cPer + c] = at(x, b, c, i, j);
        const lin = linear({ shape: [n * h * w, cPer], data: pixels }, weight, bias);
        const expected: number[] = [];
        for (let b = 0; b < n; b++)
          for (let m = 0; m < mPer; m++)
            for (let i = 0; i < h; i++)
              for (let j = 0; j < w; j++) expected.push(lin.data[((b * h + i) * w + j) * mPer + m]);
        assertShape(y.shape, [n, mPer, h, w]);
        assertClose(y.data, expected);
      }),
      RUNS,
    );
  });

  test('padding (any mode) equals a valid conv over the input padded by hand', () => {
    fc.assert(
      fc.property(convCase({ groups: true }), ({ layer, x, weight, bias }) => {
        const info = convInfo(layer, x.shape);
        fc.pre(!isIssue(info));
        if (isIssue(info)) return;
        const [N, C, H, W] = x.shape;
        const [pt, pb, pl, pr] = [info.h.padBegin, info.h.padEnd, info.w.padBegin, info.w.padEnd];
        const Hp = H + pt + pb;
        const Wp = W + pl + pr;
        // Single reflection suffices: convInfo keeps reflect padding below the input size.
        const src = (i: number, size: number): number => {
          if (i >= 0 && i < size) return i;
          if (layer.paddingMode === 'zeros') return -1;
          if (layer.paddingMode === 'replicate') return Math.min(Math.max(i, 0), size - 1);
          return i < 0 ? -i : 2 * (size - 1) - i;
        };
        const padded = new Float32Array(N * C * Hp * Wp);
        for (let n = 0; n < N; n++)
          for (let c = 0; c < C; c++)
            for (let i = 0; i < Hp; i++)
              for (let j = 0; j < Wp; j++) {
                const si = src(i - pt, H);
                const sj = src(j - pl, W);
                padded[((n * C + c) * Hp + i) * Wp + j] =
                  si < 0 || sj < 0 ? 0 : at(x, n, c, si, sj);
              }
        const a = conv2d(x, weight, bias, layer);
        const b = conv2d({ shape: [N, C, Hp, Wp], data: padded }, weight, bias, {
          ...layer,
          padding: 'valid',
          paddingMode: 'zeros',
        });
        assertShape(a.shape, b.shape);
        assertClose(a.data, b.data);
      }),
      RUNS,
    );
  });
});
