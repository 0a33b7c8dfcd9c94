// pool2d: hand-checked max / average pooling (argmax, ties, ceil mode, padding with and without
// count_include_pad, numbers derived by hand from PyTorch's kernels) and properties.

import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { conv2d as convLayer, pool2d as poolLayer } from '../core/layers';
import { conv2d } from './conv2d';
import { OpError } from './opError';
import { pool2d } from './pool2d';
import { assertClose, assertShape, randomTensor, t } from './testing/helpers';

const arange = (n: number) => Array.from({ length: n }, (_, i) => i);
const list = (a: ArrayLike<number> | null) => Array.from(a ?? []);

describe('pool2d exact cases', () => {
  test('x=[1,1,4,4] max k=2 s=2 → [[6,8],[3,4]] with argmax', () => {
    const x = t([1, 1, 4, 4], [1, 1, 2, 4, 5, 6, 7, 8, 3, 2, 1, 0, 1, 2, 3, 4]);
    const { out, argmax } = pool2d(x, poolLayer('p', 'maxPool2d', 2));
    expect(out.shape).toEqual([1, 1, 2, 2]);
    expect(list(out.data)).toEqual([6, 8, 3, 4]);
    expect(list(argmax)).toEqual([1 * 4 + 1, 1 * 4 + 3, 2 * 4 + 0, 3 * 4 + 3]);
  });

  test('x=[2,2,2,2] max k=2: argmax is per channel plane; first max wins on ties', () => {
    const x = t([2, 2, 2, 2], [1, 1, 1, 1, 0, 2, 2, 1, 3, 0, 0, 3, -1, -1, -1, -2]);
    const { out, argmax } = pool2d(x, poolLayer('p', 'maxPool2d', 2));
    expect(list(out.data)).toEqual([1, 2, 3, -1]);
    expect(list(argmax)).toEqual([0, 1, 0, 0]);
  });

  test('x=[1,1,4,4] avg k=2 s=2', () => {
    const x = t([1, 1, 4, 4], [1, 1, 2, 4, 5, 6, 7, 8, 3, 2, 1, 0, 1, 2, 3, 4]);
    const { out, argmax } = pool2d(x, poolLayer('p', 'avgPool2d', 2));
    expect(list(out.data)).toEqual([13 / 4, 21 / 4, 2, 2]);
    expect(argmax).toBeNull();
  });

  // x[r][c] = 5r + c + 1 on 5×5; k=2 s=2 ceil: windows rows/cols {0,1} {2,3} {4}.
  const x5 = t(
    [1, 1, 5, 5],
    arange(25).map((i) => i + 1),
  );
  test('x=[1,1,5,5] max k=2 s=2 ceil → 3×3', () => {
    const { out, argmax } = pool2d(x5, poolLayer('p', 'maxPool2d', 2, { ceilMode: true }));
    expect(out.shape).toEqual([1, 1, 3, 3]);
    expect(list(out.data)).toEqual([7, 9, 10, 17, 19, 20, 22, 24, 25]);
    expect(list(argmax)).toEqual([6, 8, 9, 16, 18, 19, 21, 23, 24]);
    expect(pool2d(x5, poolLayer('p', 'maxPool2d', 2)).out.shape).toEqual([1, 1, 2, 2]);
  });

  test('x=[1,1,5,5] avg k=2 s=2 ceil: the overhanging window divides by its clipped size', () => {
    // PyTorch: hend = min(hstart + k, H + pad) = 5 for the last window, so its divisor is 1 per
    // axis even with count_include_pad=True (no padding to count).
    for (const countIncludePad of [true, false]) {
      const { out } = pool2d(
        x5,
        poolLayer('p', 'avgPool2d', 2, { ceilMode: true, countIncludePad }),
      );
      expect(list(out.data)).toEqual([4, 6, 7.5, 14, 16, 17.5, 21.5, 23.5, 25]);
    }
  });

  // 6×6, k=3 s=2 p=1 ceil → 4×4. Per axis: hstart = -1, 1, 3, 5; hend = min(hstart+3, 7) =
  // 2, 4, 6, 7 → padded lengths 3, 3, 3, 2; clipped windows [0,2) [1,4) [3,6) [5,6).
  test('x=[1,1,6,6] avg k=3 s=2 p=1 ceil, count_include_pad on and off', () => {
    const ones = t([1, 1, 6, 6], new Array(36).fill(1));
    const layer = (countIncludePad: boolean) =>
      poolLayer('p', 'avgPool2d', 3, { stride: 2, padding: 1, ceilMode: true, countIncludePad });
    const a = [2 / 3, 1, 1, 1 / 2]; // clipped / padded length per axis
    const withPad = pool2d(ones, layer(true)).out;
    expect(withPad.shape).toEqual([1, 1, 4, 4]);
    assertClose(
      withPad.data,
      a.flatMap((r) => a.map((c) => r * c)),
      1e-6,
    );
    expect(list(pool2d(ones, layer(false)).out.data)).toEqual(new Array(16).fill(1));
    // A non-constant input: x = 0..35, window (0,0) is rows {0,1} × cols {0,1} over 9 cells.
    const x = t([1, 1, 6, 6], arange(36));
    expect(pool2d(x, layer(true)).out.data[0]).toBeCloseTo((0 + 1 + 6 + 7) / 9, 6);
    expect(pool2d(x, layer(false)).out.data[0]).toBeCloseTo((0 + 1 + 6 + 7) / 4, 6);
    expect(pool2d(x, layer(true)).out.data[15]).toBeCloseTo(35 / 4, 6);
  });

  test('x=[1,1,6,6] max k=3 s=2 p=1 ceil: padding never wins', () => {
    const x = t(
      [1, 1, 6, 6],
      arange(36).map((v) => v - 100),
    ); // all negative
    const { out, argmax } = pool2d(
      x,
      poolLayer('p', 'maxPool2d', 3, { stride: 2, padding: 1, ceilMode: true }),
    );
    const last = [1, 3, 5, 5]; // last row/col of each clipped window
    const idx = last.flatMap((r) => last.map((c) => r * 6 + c));
    expect(list(argmax)).toEqual(idx);
    expect(list(out.data)).toEqual(idx.map((i) => i - 100));
  });

  // Numbers from PyTorch 1.13: F.max_pool2d / F.avg_pool2d with ceil_mode=True.
  test('ceil mode, window larger than the input: x=[1,1,1,1] max 3 s=3 returns the input', () => {
    const { out, argmax } = pool2d(
      t([1, 1, 1, 1], [5]),
      poolLayer('p', 'maxPool2d', 3, { ceilMode: true }),
    );
    expect(out.shape).toEqual([1, 1, 1, 1]);
    expect(list(out.data)).toEqual([5]);
    expect(list(argmax)).toEqual([0]);
  });

  test('ceil mode, window larger than the input: x=[1,1,2,2] avg 3 s=2 → 1.5 (divisor 4)', () => {
    const x = t([1, 1, 2, 2], [0, 1, 2, 3]);
    for (const countIncludePad of [true, false]) {
      const layer = poolLayer('p', 'avgPool2d', 3, { stride: 2, ceilMode: true, countIncludePad });
      const { out } = pool2d(x, layer);
      expect(out.shape).toEqual([1, 1, 1, 1]);
      expect(list(out.data)).toEqual([1.5]);
    }
    // With padding 1 the windows count the padding they cover, not the overhang.
    const padded = pool2d(
      x,
      poolLayer('p', 'avgPool2d', 3, { stride: 2, padding: 1, ceilMode: true }),
    ).out;
    assertClose(padded.data, [6 / 9, 4 / 6, 5 / 6, 3 / 4]);
  });

  test('rejects padding over half the kernel and a kernel larger than the input', () => {
    const x = t([1, 1, 2, 2], [1, 2, 3, 4]);
    expect(() => pool2d(x, poolLayer('p', 'maxPool2d', 2, { padding: 2 }))).toThrow(OpError);
    expect(() => pool2d(x, poolLayer('p', 'avgPool2d', 3))).toThrow(
      /kernel 3×3 larger than the input 2×2/,
    );
  });
});

describe('pool2d properties', () => {
  const config = fc.record({
    n: fc.integer({ min: 1, max: 2 }),
    c: fc.integer({ min: 1, max: 3 }),
    h: fc.integer({ min: 1, max: 8 }),
    w: fc.integer({ min: 1, max: 8 }),
    kernel: fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 })),
    stride: fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 })),
    seed: fc.integer(),
  });

  test('average pooling (no padding) equals a depthwise conv with a constant 1/(kh·kw) kernel', () => {
    fc.assert(
      fc.property(config, ({ n, c, h, w, kernel, stride, seed }) => {
        fc.pre(kernel[0] <= h && kernel[1] <= w);
        const x = randomTensor([n, c, h, w], seed);
        const { out } = pool2d(x, poolLayer('p', 'avgPool2d', kernel, { stride }));
        const k = new Float32Array(c * kernel[0] * kernel[1]).fill(1 / (kernel[0] * kernel[1]));
        const conv = conv2d(
          x,
          k,
          null,
          convLayer('d', c, kernel, { stride, groups: c, bias: false }),
        );
        assertShape(out.shape, conv.shape);
        assertClose(out.data, conv.data);
      }),
      { numRuns: 100 },
    );
  });

  test('max pooling: the argmax cell holds the output and lies in the window', () => {
    fc.assert(
      fc.property(config, fc.integer({ min: 0, max: 1 }), fc.boolean(), (r, pad, ceilMode) => {
        const layer = poolLayer('p', 'maxPool2d', r.kernel, {
          stride: r.stride,
          padding: pad,
          ceilMode,
        });
        fc.pre(
          2 * pad <= Math.min(...r.kernel) &&
            r.kernel[0] <= r.h + 2 * pad &&
            r.kernel[1] <= r.w + 2 * pad,
        );
        // Few distinct values, so ties are common.
        const x = randomTensor([r.n, r.c, r.h, r.w], r.seed);
        x.data.forEach((v, i) => (x.data[i] = Math.round(v)));
        const { out, argmax } = pool2d(x, layer);
        const [, , Ho, Wo] = out.shape;
        for (let i = 0; i < out.data.length; i++) {
          const plane = Math.floor(i / (Ho * Wo));
          const oh = Math.floor((i % (Ho * Wo)) / Wo);
          const ow = i % Wo;
          const a = argmax![i];
          const [y, xx] = [Math.floor(a / r.w), a % r.w];
          const y0 = oh * r.stride[0] - pad;
          const x0 = ow * r.stride[1] - pad;
          if (y < y0 || y >= y0 + r.kernel[0] || xx < x0 || xx >= x0 + r.kernel[1])
            throw new Error('outside');
          if (x.data[plane * r.h * r.w + a] !== out.data[i]) throw new Error('not the value');
          // Nothing earlier in the window (row-major) equals or beats it; nothing later beats it.
          for (let yy = Math.max(y0, 0); yy < Math.min(y0 + r.kernel[0], r.h); yy++) {
            for (let xc = Math.max(x0, 0); xc < Math.min(x0 + r.kernel[1], r.w); xc++) {
              const v = x.data[plane * r.h * r.w + yy * r.w + xc];
              const earlier = yy * r.w + xc < a;
              if (v > out.data[i] || (earlier && v === out.data[i]))
                throw new Error('not the first max');
            }
          }
        }
      }),
      { numRuns: 100 },
    );
  });
});
