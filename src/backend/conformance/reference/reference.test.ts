// The float64 reference on values worked out by hand (or quoted from PyTorch's documentation),
// so that the conformance suite's yardstick is itself checked.

import { describe, expect, it } from 'vitest';
import { conv2d as convLayer, pool2d as poolLayer } from '../../../core/layers';
import { tensor } from '../../../core/tensor';
import * as op from './ops';
import { referenceForward } from './forward';

const ref = (shape: number[], values: number[]): op.Ref => ({
  shape,
  data: Float64Array.from(values),
});
const grid = (t: op.Ref) => [...t.data];

describe('reference ops, hand-worked', () => {
  it('conv2d: the 5×5 lecture exercise with the X kernel → [[4,3,4],[2,4,3],[2,3,4]]', () => {
    // prettier-ignore
    const x = ref([1, 1, 5, 5], [
      1, 1, 1, 0, 0,
      0, 1, 1, 1, 0,
      0, 0, 1, 1, 1,
      0, 0, 1, 1, 0,
      0, 1, 1, 0, 0,
    ]);
    const y = op.conv2d(
      x,
      [1, 0, 1, 0, 1, 0, 1, 0, 1],
      null,
      convLayer('c', 1, 3, { bias: false }),
    );
    expect(y.shape).toEqual([1, 1, 3, 3]);
    expect(grid(y)).toEqual([4, 3, 4, 2, 4, 3, 2, 3, 4]);
  });

  it("conv2d 'same' with stride 2 pads TensorFlow-style, the odd cell at the end: x=[1,1,1,4] k=1×2", () => {
    // out = ceil(4 / 2) = 2, total padding (2−1)·2 + 2 − 4 = 0 → windows [0,1], [2,3]
    const x = ref([1, 1, 1, 4], [1, 2, 3, 4]);
    const layer = convLayer('c', 1, [1, 2], { stride: [1, 2], padding: 'same', bias: false });
    expect(grid(op.conv2d(x, [10, 1], null, layer))).toEqual([12, 34]);
    // k=1×3 stride 1 on 4 cells: total padding 2 → 1 before, 1 after
    const same3 = convLayer('c', 1, [1, 3], { padding: 'same', bias: false });
    expect(grid(op.conv2d(x, [100, 10, 1], null, same3))).toEqual([12, 123, 234, 340]);
    // k=1×2 stride 1: total padding 1, all of it at the end
    const same2 = convLayer('c', 1, [1, 2], { padding: 'same', bias: false });
    expect(grid(op.conv2d(x, [10, 1], null, same2))).toEqual([12, 23, 34, 40]);
  });

  it('conv2d padding modes on x=[1,1,1,3] (a b c), k=1×5 weights 10⁴…1, padding 2', () => {
    const x = ref([1, 1, 1, 3], [1, 2, 3]);
    const w = [10000, 1000, 100, 10, 1];
    const run = (paddingMode: 'zeros' | 'replicate' | 'reflect') =>
      grid(
        op.conv2d(
          x,
          w,
          null,
          convLayer('c', 1, [1, 5], { padding: [0, 2], paddingMode, bias: false }),
        ),
      );
    expect(run('zeros')).toEqual([123, 1230, 12300]); // 0 0 1 2 3 0 0
    expect(run('replicate')).toEqual([11123, 11233, 12333]); // 1 1 1 2 3 3 3
    expect(run('reflect')).toEqual([32123, 21232, 12321]); // 3 2 1 2 3 2 1
  });

  it('conv2d: dilation 2, stride 2, groups, bias and the 180° flip of a true convolution', () => {
    const x = ref([1, 2, 1, 5], [1, 2, 3, 4, 5, 10, 20, 30, 40, 50]);
    // depthwise (groups 2), k=1×2 dilation 2 stride 2: taps (0,2), (2,4) per channel
    const layer = convLayer('c', 2, [1, 2], { dilation: [1, 2], stride: [1, 2], groups: 2 });
    expect(grid(op.conv2d(x, [1, 10, 2, 0], [0.5, -1], layer))).toEqual([31.5, 53.5, 19, 59]);
    // flipped: channel 0 reads w = [10, 1], channel 1 w = [0, 2]
    const flip = { ...layer, trueConvolution: true };
    expect(grid(op.conv2d(x, [1, 10, 2, 0], [0.5, -1], flip))).toEqual([13.5, 35.5, 59, 99]);
  });

  it('max pool: padding never wins, a NaN does; ceil mode adds a window that starts inside', () => {
    const x = ref([1, 1, 1, 5], [-5, -4, NaN, -2, -1]);
    const layer = poolLayer('p', 'maxPool2d', [1, 2], { stride: [1, 2], padding: [0, 1] });
    expect(grid(op.pool2d(x, layer))).toEqual([-5, NaN, -1]); // [pad,-5] [-4,NaN] [-2,-1]
    const ceil = poolLayer('p', 'maxPool2d', [1, 2], { stride: [1, 2], ceilMode: true });
    expect(op.pool2d(ref([1, 1, 1, 5], [1, 2, 3, 4, 5]), ceil).data).toEqual(
      Float64Array.from([2, 4, 5]),
    );
  });

  it('avg pool, PyTorch semantics: count_include_pad divides by the padded window, clipped at I + p', () => {
    // x = 1 2 3 4 5, k=3 s=2 p=1, ceil: windows [-1,2) → 3, [1,4), [3,6) → end min(6, 5+1)=6
    const x = ref([1, 1, 1, 5], [1, 2, 3, 4, 5]);
    const make = (countIncludePad: boolean) =>
      poolLayer('p', 'avgPool2d', [1, 3], {
        stride: [1, 2],
        padding: [0, 1],
        ceilMode: true,
        countIncludePad,
      });
    expect(grid(op.pool2d(x, make(true)))).toEqual([1, 3, 3]); // (0+1+2)/3 (2+3+4)/3 (4+5+0)/3
    expect(grid(op.pool2d(x, make(false)))).toEqual([1.5, 3, 4.5]);
    // ceil mode: a window past I + p is clipped there, and the divisor follows (PyTorch)
    const y = ref([1, 1, 1, 4], [1, 2, 3, 4]);
    const k2 = poolLayer('p', 'avgPool2d', [1, 2], { stride: [1, 3], ceilMode: true });
    expect(grid(op.pool2d(y, k2))).toEqual([1.5, 4]); // [0,2) and [3,min(5,4)) → 4 / 1
  });

  it('global average pool, softmax per row and per position, add, concat, flatten, linear', () => {
    const x = ref([1, 2, 1, 2], [1, 3, 10, 20]);
    expect(grid(op.globalAvgPool(x))).toEqual([2, 15]);
    const s = op.softmax(ref([1, 3], [1, 2, 3]));
    const e = [1, Math.E, Math.E ** 2].map((v) => v / (1 + Math.E + Math.E ** 2));
    grid(s).forEach((v, i) => expect(v).toBeCloseTo(e[i], 15));
    // [N, C, H, W]: over the 2 channels at each of the 2 positions
    const p = op.softmax(ref([1, 2, 1, 2], [0, 5, 0, 5]));
    expect(grid(p)).toEqual([0.5, 0.5, 0.5, 0.5]);
    expect(grid(op.softmax(ref([1, 2], [-Infinity, -Infinity])))).toEqual([NaN, NaN]);
    expect(grid(op.add([x, x, x]))).toEqual([3, 9, 30, 60]);
    const cat = op.concat([ref([2, 1], [1, 2]), ref([2, 2], [3, 4, 5, 6])]);
    expect(cat.shape).toEqual([2, 3]);
    expect(grid(cat)).toEqual([1, 3, 4, 2, 5, 6]);
    expect(op.flatten(x).shape).toEqual([1, 4]);
    expect(grid(op.linear(ref([1, 2], [1, 2]), [1, 1, 3, -1], [0.5, 0], 2))).toEqual([3.5, 1]);
  });

  it('batch norm: running statistics, and the batch biased variance in training', () => {
    const x = ref([2, 1], [1, 3]);
    const p = { gamma: [2], beta: [1], runningMean: [1], runningVar: [3] };
    expect(grid(op.batchNorm(x, p, 1, 'inference'))).toEqual([1, 3]); // (x−1)/2·2+1
    // batch mean 2, biased variance 1: (x − 2)/√(1 + 3) · 2 + 1
    expect(grid(op.batchNorm(x, p, 3, 'training'))).toEqual([0, 2]);
  });

  it('layer norm with and without affine over C×H×W', () => {
    const x = ref([1, 1, 2, 2], [1, 2, 3, 4]); // mean 2.5, biased variance 1.25
    const y = grid(op.layerNorm(x, null, null, 0));
    const s = Math.sqrt(1.25);
    expect(y).toEqual([-1.5 / s, -0.5 / s, 0.5 / s, 1.5 / s]);
    const a = grid(op.layerNorm(x, [1, 2, 3, 4], [0, 0, 0, 1], 0));
    expect(a).toEqual([-1.5 / s, -1 / s, 1.5 / s, 6 / s + 1]);
  });

  it('activations: PyTorch values, NaN through, and the −∞ cases', () => {
    const a = (v: number, fn: Parameters<typeof op.activate>[1], alpha = 0.01) =>
      op.activate(v, fn, alpha);
    expect(a(1, 'gelu')).toBeCloseTo(0.8413447460685429, 14); // torch.nn.functional.gelu(1.)
    expect(a(-3, 'gelu')).toBeCloseTo(-3 * 0.0013498980316301, 14); // −3·Φ(−3)
    expect(a(4, 'gelu')).toBeCloseTo(4 * 0.9999683287581669, 12); // 4·Φ(4)
    expect(op.erf(0.5)).toBeCloseTo(0.5204998778130465, 14);
    expect(op.erf(3.5)).toBeCloseTo(0.9999992569016276, 10);
    expect(op.erf(4.5)).toBeCloseTo(0.9999999998033839, 14);
    expect(op.erf(-6)).toBeCloseTo(-1, 15);
    expect(a(2, 'silu')).toBeCloseTo(1.7615941559557649, 14);
    expect(a(-1, 'sigmoid')).toBeCloseTo(0.2689414213699951, 14);
    expect(a(7, 'relu6')).toBe(6);
    expect(a(-2, 'leakyRelu', 0.1)).toBeCloseTo(-0.2, 15);
    expect([a(-Infinity, 'relu'), a(-Infinity, 'relu6'), a(Infinity, 'relu6')]).toEqual([0, 0, 6]);
    expect(a(-Infinity, 'leakyRelu', 0)).toBeNaN();
    expect([a(-Infinity, 'gelu'), a(-Infinity, 'silu'), a(Infinity, 'gelu')]).toEqual([
      NaN,
      NaN,
      Infinity,
    ]);
    expect([a(-Infinity, 'sigmoid'), a(-Infinity, 'tanh')]).toEqual([0, -1]);
    for (const fn of [
      'relu',
      'relu6',
      'leakyRelu',
      'sigmoid',
      'tanh',
      'gelu',
      'silu',
      'identity',
    ] as const)
      expect(a(NaN, fn)).toBeNaN();
  });
});

describe('reference forward', () => {
  it('runs a small network with fixed weights: conv → relu → flatten → linear', () => {
    const out = referenceForward({
      network: {
        input: { n: 1, c: 1, h: 2, w: 2 },
        layers: [
          convLayer('c', 1, 1),
          { id: 'r', kind: 'activation', fn: 'relu' },
          { id: 'f', kind: 'flatten' },
          { id: 'fc', kind: 'linear', outFeatures: 1, bias: false },
        ],
      },
      input: tensor([1, 1, 2, 2], [1, -2, 3, -4]),
      seed: 1,
      fixedWeights: { c: { weight: [2], bias: [1] }, fc: { weight: [1, 10, 100, 1000] } },
    });
    expect(grid(out.get('c')!)).toEqual([3, -3, 7, -7]);
    expect(grid(out.get('fc')!)).toEqual([3 + 700]);
  });
});
