// The CPU backward passes on hand-checked values and their edges: what the gradient checks
// cannot reach (kinks, NaN, poisoned rows, refused arguments).

import { describe, expect, it } from 'vitest';
import { pool2d as poolLayer } from '../../core/layers';
import { pool2d } from '../pool2d';
import { activationBackward, activationSlope } from './activation';
import { batchNormTrain } from './batchNorm';
import { dropoutMask, dropoutTrain } from './dropout';
import { mseLoss, softmaxCrossEntropy, lossAndGrad } from './loss';
import { pool2dBackward } from './pool2d';

const t = (shape: number[], v: number[]) => ({ shape, data: Float32Array.from(v) });

describe('activation slopes: PyTorch 1.13 at the kinks, NaN as the forward', () => {
  it('relu, relu6, leakyRelu at 0, −0, 6 and ±∞', () => {
    expect([0, -0, 1, Infinity, -Infinity].map((v) => activationSlope(v, 'relu'))).toEqual([
      0, 0, 1, 1, 0,
    ]);
    expect([0, 3, 6, Infinity].map((v) => activationSlope(v, 'relu6'))).toEqual([0, 1, 0, 0]);
    expect(
      [0, -0, -1, Infinity, -Infinity].map((v) => activationSlope(v, 'leakyRelu', 0.2)),
    ).toEqual([0.2, 0.2, 0.2, 1, 0.2]);
  });

  it('sigmoid′(0) = 1/4, tanh′(0) = 1, gelu′(0) = silu′(0) = 1/2; gelu′ and silu′ at ±∞ are NaN', () => {
    expect(activationSlope(0, 'sigmoid')).toBe(0.25);
    expect(activationSlope(0, 'tanh')).toBe(1);
    expect(activationSlope(0, 'gelu')).toBe(0.5);
    expect(activationSlope(0, 'silu')).toBe(0.5);
    for (const fn of ['gelu', 'silu'] as const) {
      expect(activationSlope(Infinity, fn)).toBeNaN();
      expect(activationSlope(-Infinity, fn)).toBeNaN();
    }
    expect(activationSlope(Infinity, 'sigmoid')).toBe(0);
  });

  it('a NaN input gives a NaN gradient (identity passes dy), a NaN dy gives NaN', () => {
    const x = t([3], [NaN, -1, 2]);
    const dy = t([3], [1, NaN, 1]);
    expect(Array.from(activationBackward(dy, x, 'relu').data)).toEqual([NaN, NaN, 1]);
    expect(Array.from(activationBackward(dy, x, 'identity').data)).toEqual([1, NaN, 1]);
  });
});

describe('pooling backward', () => {
  it('x=[1,1,3,3] max k=2 s=1: one cell winning four windows takes their sum', () => {
    const x = t([1, 1, 3, 3], [0, 0, 0, 0, 9, 0, 0, 0, 0]);
    const layer = poolLayer('p', 'maxPool2d', 2, { stride: 1 });
    const { argmax } = pool2d(x, layer);
    const dx = pool2dBackward(t([1, 1, 2, 2], [1, 2, 3, 4]), x.shape, layer, argmax);
    expect(Array.from(dx.data)).toEqual([0, 0, 0, 0, 10, 0, 0, 0, 0]);
  });

  it('max pooling needs an argmax in range; average pooling takes none', () => {
    const layer = poolLayer('p', 'maxPool2d', 2);
    const dy = t([1, 1, 1, 1], [1]);
    expect(() => pool2dBackward(dy, [1, 1, 2, 2], layer, null)).toThrow(/argmax/);
    expect(() => pool2dBackward(dy, [1, 1, 2, 2], layer, Int32Array.from([4]))).toThrow(/outside/);
    const avg = poolLayer('p', 'avgPool2d', 2);
    expect(() => pool2dBackward(dy, [1, 1, 2, 2], avg, Int32Array.from([0]))).toThrow(/no argmax/);
    expect(Array.from(pool2dBackward(dy, [1, 1, 2, 2], avg, null).data)).toEqual([
      0.25, 0.25, 0.25, 0.25,
    ]);
  });
});

describe('batch norm training forward', () => {
  it('x=[2,2,1,2]: saved mean and 1/√(σ²+ε), running statistics with the unbiased variance', () => {
    const x = t([2, 2, 1, 2], [1, 3, 2, 2, 5, 7, 4, 8]);
    const p = {
      gamma: Float32Array.from([1, 1]),
      beta: Float32Array.from([0, 0]),
      runningMean: Float32Array.from([0, 0]),
      runningVar: Float32Array.from([1, 1]),
    };
    const r = batchNormTrain(x, p, 1e-5);
    expect(Array.from(r.mean)).toEqual([4, 4]);
    expect(r.invStd[0]).toBeCloseTo(1 / Math.sqrt(5 + 1e-5), 6);
    expect(r.runningMean[0]).toBeCloseTo(0.4, 6);
    expect(r.runningVar[0]).toBeCloseTo(0.9 + 0.1 * (20 / 3), 6);
    expect(r.runningVar[1]).toBeCloseTo(0.9 + 0.1 * 8, 6);
    expect(Array.from(p.runningMean)).toEqual([0, 0]); // not modified in place
    expect(() =>
      batchNormTrain(
        t([1, 1, 1, 1], [1]),
        {
          ...p,
          gamma: p.gamma.subarray(0, 1),
          beta: p.beta.subarray(0, 1),
          runningMean: p.runningMean.subarray(0, 1),
          runningVar: p.runningVar.subarray(0, 1),
        },
        1e-5,
      ),
    ).toThrow(/more than one value/);
  });
});

describe('dropout', () => {
  it('p=0.5: kept values doubled, dropped ones 0; NaN stays NaN even where dropped', () => {
    const x = t(
      [64],
      Array.from({ length: 64 }, (_, i) => (i === 0 ? NaN : i)),
    );
    const mask = dropoutMask(64, 0.5, 1, 2);
    const y = dropoutTrain(x, 0.5, 1, 2);
    for (let i = 1; i < 64; i++) expect(y.data[i]).toBe(mask[i] ? 2 * i : 0);
    expect(y.data[0]).toBeNaN();
    expect(() => dropoutMask(4, 1, 0, 0)).toThrow();
    expect(() => dropoutMask(4, 0.5, -1, 0)).toThrow(/seed/);
  });
});

describe('losses', () => {
  it('cross-entropy of uniform logits is log K; dlogits = (1/K − onehot)/N; ties go to the first', () => {
    const r = softmaxCrossEntropy(t([2, 4], [0, 0, 0, 0, 1, 1, 1, 1]), [0, 1]);
    expect(r.loss).toBeCloseTo(Math.log(4), 12);
    expect(r.correct).toBe(1);
    expect(Array.from(r.grad.data)).toEqual([
      -0.375, 0.125, 0.125, 0.125, 0.125, -0.375, 0.125, 0.125,
    ]);
  });

  it('a NaN or +∞ row is NaN and not correct; −∞ at the label is +∞; a bad label is refused', () => {
    const r = softmaxCrossEntropy(t([2, 2], [NaN, 1, Infinity, 0]), [1, 0]);
    expect(r.loss).toBeNaN();
    expect(r.correct).toBe(0);
    expect(Array.from(r.grad.data).every(Number.isNaN)).toBe(true);
    expect(softmaxCrossEntropy(t([1, 2], [-Infinity, 0]), [0]).loss).toBe(Infinity);
    expect(() => softmaxCrossEntropy(t([1, 2], [0, 0]), [2])).toThrow(/label/);
    expect(() => softmaxCrossEntropy(t([1, 2, 2, 1], [0, 0, 0, 0]), [0])).toThrow(/row of class/);
  });

  it('MSE of y − t = (1, −3): loss 5, gradient (1, −3); lossAndGrad picks by kind', () => {
    const r = mseLoss(t([1, 2], [2, -1]), t([1, 2], [1, 2]));
    expect(r.loss).toBe(5);
    expect(Array.from(r.grad.data)).toEqual([1, -3]);
    expect(
      lossAndGrad({ kind: 'mse' }, t([1, 2], [2, -1]), { target: t([1, 2], [1, 2]) }).loss,
    ).toBe(5);
    expect(() =>
      lossAndGrad({ kind: 'crossEntropy' }, t([1, 2], [0, 0]), { target: t([1, 2], [0, 0]) }),
    ).toThrow();
  });
});
