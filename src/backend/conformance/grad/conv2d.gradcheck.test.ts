// conv2d backward (CPU twin): hand-worked gradients, the argument checks, and a float64
// gradient check on random configurations of every option: central differences of
// L = Σ conv(x, w, b) · dy through the independent float64 reference forward
// (backend/conformance/reference/ops.ts), held against the float32 analytic gradients.

import fc from 'fast-check';
import { describe, expect, it, test } from 'vitest';
import { conv2d as convLayer, type Padding, type PaddingMode } from '../../../core/layers';
import { convInfo, isIssue } from '../../../core/shape';
import { centralDifferences, dotLoss } from '../reference/finiteDiff';
import * as ref from '../reference/ops';
import { randomArray, randomTensor, t } from '../../../cpu/testing/helpers';
import { conv2dBackward } from '../../../cpu/grad/conv2d';

const ALL = { input: true, weight: true, bias: true };
const NO_BIAS = { input: true, weight: true, bias: false };
const list = (a: ArrayLike<number> | null | undefined) => (a ? Array.from(a) : a);

describe('conv2d backward, hand-worked', () => {
  // x = 1..9 on 3×3, k = 2×2 [[1, 2], [3, 4]], dy = ones on the 2×2 output.
  const x = t([1, 1, 3, 3], [1, 2, 3, 4, 5, 6, 7, 8, 9]);
  const w = Float32Array.from([1, 2, 3, 4]);
  const dy = t([1, 1, 2, 2], [1, 1, 1, 1]);

  it('x=[1,3,3] k=2: dw sums each tap over the windows, dx is the full correlation, db counts', () => {
    const g = conv2dBackward(x, w, dy, convLayer('c', 1, 2), ALL);
    expect(list(g.dWeight)).toEqual([1 + 2 + 4 + 5, 2 + 3 + 5 + 6, 4 + 5 + 7 + 8, 5 + 6 + 8 + 9]);
    expect(g.dx!.shape).toEqual([1, 1, 3, 3]);
    expect(list(g.dx!.data)).toEqual([1, 3, 2, 4, 10, 6, 3, 7, 4]);
    expect(list(g.dBias)).toEqual([4]);
  });

  it('a true convolution rotates the weight gradient back by 180°, and dx uses the rotated kernel', () => {
    const g = conv2dBackward(x, w, dy, convLayer('c', 1, 2, { trueConvolution: true }), ALL);
    expect(list(g.dWeight)).toEqual([28, 24, 16, 12]);
    expect(list(g.dx!.data)).toEqual([4, 7, 3, 6, 10, 4, 2, 3, 1]);
  });

  it('replicate: a 1×1 input padded by 1 under a 3×3 kernel gets every tap (dx = Σw·dy)', () => {
    const layer = convLayer('c', 1, 3, { padding: 1, paddingMode: 'replicate', bias: false });
    const k = Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const g = conv2dBackward(t([1, 1, 1, 1], [2]), k, t([1, 1, 1, 1], [10]), layer, NO_BIAS);
    expect(list(g.dx!.data)).toEqual([450]);
    expect(list(g.dWeight)).toEqual(Array(9).fill(20));
  });

  it('reflect on x=[1,1,1,3] k=1×3 pad 1: the mirrored cell x1 takes both edge taps', () => {
    // padded row: x1 x0 x1 x2 x1 → y0 = w0·x1 + w1·x0 + w2·x1, y1 = w·x, y2 = w0·x1 + w1·x2 + w2·x1
    const layer = convLayer('c', 1, [1, 3], { padding: [0, 1], paddingMode: 'reflect' });
    const k = Float32Array.from([1, 10, 100]);
    const g = conv2dBackward(t([1, 1, 1, 3], [1, 2, 3]), k, t([1, 1, 1, 3], [1, 2, 3]), layer, ALL);
    // dx0 = w1·dy0 + w0·dy1; dx1 = (w0 + w2)·dy0 + w1·dy1 + (w0 + w2)·dy2; dx2 = w2·dy1 + w1·dy2
    expect(list(g.dx!.data)).toEqual([10 + 2, 101 + 20 + 303, 200 + 30]);
    // dw0 = x1·dy0 + x0·dy1 + x1·dy2, dw1 = x0·dy0 + x1·dy1 + x2·dy2, dw2 = x1·dy0 + x2·dy1 + x1·dy2
    expect(list(g.dWeight)).toEqual([2 + 2 + 6, 1 + 4 + 9, 2 + 6 + 6]);
    expect(list(g.dBias)).toEqual([6]);
  });

  it('x=[1,1,1,5] k=1×1 s=3: input cells no window reads get a zero gradient', () => {
    const layer = convLayer('c', 1, 1, { stride: 3 });
    const g = conv2dBackward(
      t([1, 1, 1, 5], [1, 2, 3, 4, 5]),
      Float32Array.from([2]),
      t([1, 1, 1, 2], [1, 1]),
      layer,
      ALL,
    );
    expect(list(g.dx!.data)).toEqual([2, 0, 0, 2, 0]);
    expect(list(g.dWeight)).toEqual([1 + 4]);
  });

  it('computes only what `need` asks for', () => {
    const g = conv2dBackward(x, w, dy, convLayer('c', 1, 2), {
      input: false,
      weight: true,
      bias: false,
    });
    expect(g.dx).toBeNull();
    expect(g.dBias).toBeNull();
    expect(g.dWeight).not.toBeNull();
  });

  it('refuses a dy of the wrong shape, a bias gradient without a bias, a short weight', () => {
    expect(() =>
      conv2dBackward(x, w, t([1, 1, 3, 3], Array(9).fill(0)), convLayer('c', 1, 2), ALL),
    ).toThrow(/output gradient is \[1, 1, 3, 3\], the layer's output is \[1, 1, 2, 2\]/);
    expect(() => conv2dBackward(x, w, dy, convLayer('c', 1, 2, { bias: false }), ALL)).toThrow(
      /no bias/,
    );
    expect(() => conv2dBackward(x, w.subarray(1), dy, convLayer('c', 1, 2), ALL)).toThrow(
      /needs 4 values/,
    );
  });
});

// ---- gradient check ---------------------------------------------------------------------------

const MODES: readonly PaddingMode[] = ['zeros', 'replicate', 'reflect'];
const pair = (min: number, max: number) =>
  fc.tuple(fc.integer({ min, max }), fc.integer({ min, max }));

/** A random valid conv, small enough for ~500 float64 forwards per case. */
const gradCase = fc
  .record({
    n: fc.integer({ min: 1, max: 3 }),
    g: fc.integer({ min: 1, max: 3 }),
    cPer: fc.integer({ min: 1, max: 2 }),
    mPer: fc.integer({ min: 1, max: 2 }),
    depthwise: fc.boolean(),
    h: fc.integer({ min: 1, max: 7 }),
    w: fc.integer({ min: 1, max: 7 }),
    kernel: pair(1, 3),
    stride: pair(1, 3),
    dilation: pair(1, 2),
    padding: fc.oneof(pair(0, 2), fc.constantFrom('same', 'valid')) as fc.Arbitrary<Padding>,
    mode: fc.constantFrom(...MODES),
    bias: fc.boolean(),
    flip: fc.boolean(),
    seed: fc.integer(),
  })
  .map((r) => {
    // depthwise: one input channel per group (channel multiplier mPer).
    const cPer = r.depthwise ? 1 : r.cPer;
    const layer = convLayer('c', r.g * r.mPer, r.kernel, {
      stride: r.stride,
      dilation: r.dilation,
      padding: r.padding,
      paddingMode: r.mode,
      groups: r.g,
      bias: r.bias,
      trueConvolution: r.flip,
    });
    const x = randomTensor([r.n, r.g * cPer, r.h, r.w], r.seed);
    const weight = randomArray(r.g * r.mPer * cPer * r.kernel[0] * r.kernel[1], r.seed + 1);
    const bias = r.bias ? randomArray(r.g * r.mPer, r.seed + 2) : null;
    const name =
      `x=[${x.shape}] m=${r.g * r.mPer} k=${r.kernel} s=${r.stride} d=${r.dilation} ` +
      `p=${r.padding} ${r.mode} g=${r.g} bias=${r.bias} flip=${r.flip}`;
    return { layer, x, weight, bias, name, seed: r.seed };
  });

/** The first disagreement of analytic (float32) and numerical (float64) gradients, or null. */
function mismatch(what: string, got: ArrayLike<number>, want: Float64Array): string | null {
  if (got.length !== want.length) return `${what}: ${got.length} values, want ${want.length}`;
  for (let i = 0; i < want.length; i++) {
    if (Math.abs(got[i] - want[i]) > 1e-4 * Math.max(1, Math.abs(want[i])))
      return `${what}[${i}]: analytic ${got[i]}, central difference ${want[i]}`;
  }
  return null;
}

describe('conv2d backward: float64 gradient check', () => {
  test('most random configurations are valid (the check is not vacuous)', () => {
    const cases = fc.sample(gradCase, { numRuns: 200, seed: 3 });
    const ok = cases.filter((c) => !isIssue(convInfo(c.layer, c.x.shape)));
    expect(ok.length).toBeGreaterThan(100);
    // and every option shows up among them
    const seen = (p: (c: (typeof ok)[number]) => boolean) => ok.some(p);
    expect(seen((c) => c.layer.paddingMode === 'reflect' && c.layer.padding !== 'valid')).toBe(
      true,
    );
    expect(seen((c) => c.layer.padding === 'same' && c.layer.stride[0] > 1)).toBe(true);
    expect(seen((c) => c.layer.groups > 1 && c.layer.groups === c.x.shape[1])).toBe(true);
  });

  test('dx, dw, db against central differences of the reference forward', () => {
    fc.assert(
      fc.property(gradCase, ({ layer, x, weight, bias, name, seed }) => {
        const info = convInfo(layer, x.shape);
        fc.pre(!isIssue(info));
        if (isIssue(info)) return;
        const yShape = [info.batch, info.outChannels, info.h.out, info.w.out];
        const dy = randomTensor(yShape, seed + 3);
        const got = conv2dBackward(x, weight, dy, layer, {
          input: true,
          weight: true,
          bias: bias !== null,
        });

        const x64 = Float64Array.from(x.data);
        const w64 = Float64Array.from(weight);
        const b64 = bias ? Float64Array.from(bias) : null;
        const loss = () =>
          dotLoss(ref.conv2d({ shape: x.shape, data: x64 }, w64, b64, layer).data, dy.data);
        const problem =
          mismatch('dx', got.dx!.data, centralDifferences(x64, loss)) ??
          mismatch('dw', got.dWeight!, centralDifferences(w64, loss)) ??
          (b64 ? mismatch('db', got.dBias!, centralDifferences(b64, loss)) : null);
        if (problem) throw new Error(`${name}: ${problem}`);
      }),
      { numRuns: 150 },
    );
  });
});
