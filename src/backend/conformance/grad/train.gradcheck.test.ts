// Finite-difference checks, in float64 against the reference forward, of the CPU backward of
// batch norm in training mode (dx, dγ, dβ over [N, C, H, W] and [N, F]) and with frozen
// statistics, layer norm (affine and not), dropout with its mask, softmax cross-entropy and MSE;
// and the values the training forwards save or update (running statistics, the loss, accuracy)
// against the reference.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { numel } from '../../../core/tensor';
import { batchNormBackward, batchNormTrain, frozenStats } from '../../../cpu/grad/batchNorm';
import { dropoutBackward, dropoutMask, dropoutTrain } from '../../../cpu/grad/dropout';
import { layerNormBackward, layerNormTrain } from '../../../cpu/grad/layerNorm';
import { mseLoss, softmaxCrossEntropy } from '../../../cpu/grad/loss';
import * as op from '../reference/ops';
import * as train from '../reference/train';
import { dot, expectGrad, normals, numericGrad, ref } from './gradcheck';

const RUNS = { numRuns: 40 };
const dims = (min: number, max: number) => fc.integer({ min, max });
const normShapes = fc.oneof(
  fc.tuple(dims(1, 3), dims(1, 3), dims(1, 3), dims(1, 3)),
  fc.tuple(dims(1, 4), dims(1, 5)),
);

describe('gradient checks: batch norm', () => {
  it('training mode: dx, dγ, dβ; the saved statistics and running statistics', () => {
    fc.assert(
      fc.property(
        // Three or more values per channel: over two, x̂ is ±1 whatever x is, and float32's
        // cancellation in the analytic gradient is as large as the gradient's digits.
        normShapes.filter((s) => numel(s) / s[1] >= 3),
        fc.nat(),
        fc.constantFrom(1e-5, 1e-3, 0.1),
        (s, seed, eps) => {
          const C = s[1];
          const x = normals(numel(s), seed, 2);
          const p = {
            gamma: normals(C, seed + 1),
            beta: normals(C, seed + 2),
            runningMean: normals(C, seed + 3),
            runningVar: normals(C, seed + 4).map((v) => 0.5 + v * v),
          };
          const dy = normals(numel(s), seed + 5);
          const fwd = batchNormTrain({ shape: s, data: x }, p, eps);
          const g = batchNormBackward({ shape: s, data: dy }, { shape: s, data: x }, p.gamma, fwd);
          const L = (xv: ArrayLike<number>, gamma: ArrayLike<number>, beta: ArrayLike<number>) =>
            dot(dy, op.batchNorm(ref(s, xv), { ...p, gamma, beta }, eps, 'training'));
          expectGrad(
            'dx',
            g.dx.data,
            numericGrad((v) => L(v, p.gamma, p.beta), x),
          );
          expectGrad(
            'dγ',
            g.dgamma,
            numericGrad((v) => L(x, v, p.beta), p.gamma),
          );
          expectGrad(
            'dβ',
            g.dbeta,
            numericGrad((v) => L(x, p.gamma, v), p.beta),
          );
          const want = train.batchNormRunning(ref(s, x), p.runningMean, p.runningVar, 0.1);
          expectGrad('running mean', fwd.runningMean, want.mean);
          expectGrad('running var', fwd.runningVar, want.variance);
          const out = op.batchNorm(ref(s, x), p, eps, 'training');
          expectGrad('out', fwd.out.data, out.data);
        },
      ),
      RUNS,
    );
  });

  it('frozen statistics (inference mode): dx = γ r dy, dγ, dβ', () => {
    fc.assert(
      fc.property(normShapes, fc.nat(), (s, seed) => {
        const C = s[1];
        const x = normals(numel(s), seed, 2);
        const p = {
          gamma: normals(C, seed + 1),
          beta: normals(C, seed + 2),
          runningMean: normals(C, seed + 3),
          runningVar: normals(C, seed + 4).map((v) => 0.5 + v * v),
        };
        const dy = normals(numel(s), seed + 5);
        const saved = frozenStats(p.runningMean, p.runningVar, 1e-5);
        const shaped = { shape: s, data: x };
        const g = batchNormBackward({ shape: s, data: dy }, shaped, p.gamma, saved, 'inference');
        const L = (xv: ArrayLike<number>, gamma: ArrayLike<number>, beta: ArrayLike<number>) =>
          dot(dy, op.batchNorm(ref(s, xv), { ...p, gamma, beta }, 1e-5, 'inference'));
        expectGrad(
          'dx',
          g.dx.data,
          numericGrad((v) => L(v, p.gamma, p.beta), x),
        );
        expectGrad(
          'dγ',
          g.dgamma,
          numericGrad((v) => L(x, v, p.beta), p.gamma),
        );
        expectGrad(
          'dβ',
          g.dbeta,
          numericGrad((v) => L(x, p.gamma, v), p.beta),
        );
      }),
      RUNS,
    );
  });
});

describe('gradient checks: layer norm', () => {
  it('dx, dγ, dβ with and without elementwise affine; the saved statistics', () => {
    fc.assert(
      fc.property(
        // Three or more values per sample, for the reason given for batch norm above.
        normShapes.filter((s) => numel(s.slice(1)) >= 3),
        fc.boolean(),
        fc.nat(),
        (s, affine, seed) => {
          const S = numel(s.slice(1));
          const x = normals(numel(s), seed, 2);
          const gamma = affine ? normals(S, seed + 1) : null;
          const beta = affine ? normals(S, seed + 2) : null;
          const dy = normals(numel(s), seed + 5);
          const fwd = layerNormTrain({ shape: s, data: x }, gamma, beta, 1e-5);
          const g = layerNormBackward({ shape: s, data: dy }, { shape: s, data: x }, gamma, fwd);
          const L = (
            xv: ArrayLike<number>,
            gv: ArrayLike<number> | null,
            bv: ArrayLike<number> | null,
          ) => dot(dy, op.layerNorm(ref(s, xv), gv, bv, 1e-5));
          expectGrad(
            'dx',
            g.dx.data,
            numericGrad((v) => L(v, gamma, beta), x),
          );
          expectGrad('out', fwd.out.data, op.layerNorm(ref(s, x), gamma, beta, 1e-5).data);
          if (gamma === null || beta === null) {
            expect(g.dgamma).toBeNull();
            expect(g.dbeta).toBeNull();
            return;
          }
          expectGrad(
            'dγ',
            g.dgamma!,
            numericGrad((v) => L(x, v, beta), gamma),
          );
          expectGrad(
            'dβ',
            g.dbeta!,
            numericGrad((v) => L(x, gamma, v), beta),
          );
        },
      ),
      RUNS,
    );
  });
});

describe('gradient checks: dropout', () => {
  it('forward and backward against x · mask / (1 − p) with the hash mask', () => {
    fc.assert(
      fc.property(
        dims(1, 60),
        fc.double({ min: 0, max: 0.99, noNaN: true }),
        fc.nat(),
        fc.nat(),
        (n, p, seed, step) => {
          const x = normals(n, seed);
          const dy = normals(n, seed + 1);
          const mask = dropoutMask(n, p, seed, step);
          const y = dropoutTrain({ shape: [n], data: x }, p, seed, step);
          expectGrad('y', y.data, train.dropout(ref([n], x), mask, p).data);
          const dx = dropoutBackward({ shape: [n], data: dy }, p, seed, step);
          const L = (v: Float64Array) => dot(dy, train.dropout(ref([n], v), mask, p));
          expectGrad('dx', dx.data, numericGrad(L, x));
        },
      ),
      RUNS,
    );
  });
});

describe('gradient checks: losses', () => {
  it('softmax cross-entropy over [N, K] and [N, K, 1, 1]: loss, accuracy, dlogits', () => {
    fc.assert(
      fc.property(dims(1, 6), dims(1, 8), fc.boolean(), fc.nat(), (N, K, spatial, seed) => {
        const shape = spatial ? [N, K, 1, 1] : [N, K];
        const z = normals(N * K, seed, 3);
        const labels = Int32Array.from(
          normals(N, seed + 1),
          (v) => Math.floor(Math.abs(v * 1e4)) % K,
        );
        const got = softmaxCrossEntropy({ shape, data: z }, labels);
        const want = train.crossEntropy(ref(shape, z), labels);
        expect(Math.abs(got.loss - want)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(want)));
        let correct = 0;
        for (let n = 0; n < N; n++) {
          const row = Array.from(z.subarray(n * K, (n + 1) * K));
          if (row.indexOf(Math.max(...row)) === labels[n]) correct++;
        }
        expect(got.correct).toBe(correct);
        const L = (v: Float64Array) => train.crossEntropy(ref(shape, v), labels);
        expectGrad('dlogits', got.grad.data, numericGrad(L, z));
      }),
      RUNS,
    );
  });

  it('mean-squared error: loss and gradient', () => {
    fc.assert(
      fc.property(fc.tuple(dims(1, 3), dims(1, 6)), fc.nat(), (s, seed) => {
        const y = normals(numel(s), seed, 2);
        const t = normals(numel(s), seed + 1, 2);
        const got = mseLoss({ shape: s, data: y }, { shape: s, data: t });
        const want = train.mse(ref(s, y), t);
        expect(Math.abs(got.loss - want)).toBeLessThanOrEqual(1e-6 * Math.max(1, want));
        expect(got.correct).toBe(0);
        const L = (v: Float64Array) => train.mse(ref(s, v), t);
        expectGrad('dy', got.grad.data, numericGrad(L, y));
      }),
      RUNS,
    );
  });
});
