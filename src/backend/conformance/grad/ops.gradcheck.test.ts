// Finite-difference checks, in float64 against the reference forward, of the CPU backward of
// max and average pooling (kernel, stride, padding, ceil mode, count_include_pad), global
// average pooling, the eight activations (inputs kept off their kinks), softmax over [N, F] and
// [N, C, H, W], add, concat and flatten, on random configurations.

import fc from 'fast-check';
import { describe, it } from 'vitest';
import { ACTIVATIONS, pool2d as poolLayer } from '../../../core/layers';
import { isIssue, poolInfo } from '../../../core/shape';
import { numel } from '../../../core/tensor';
import { pool2d } from '../../../cpu/pool2d';
import { softmax } from '../../../cpu/softmax';
import { activationBackward } from '../../../cpu/grad/activation';
import { addBackward } from '../../../cpu/grad/add';
import { concatBackward } from '../../../cpu/grad/concat';
import { flattenBackward } from '../../../cpu/grad/flatten';
import { globalAvgPoolBackward } from '../../../cpu/grad/globalAvgPool';
import { pool2dBackward } from '../../../cpu/grad/pool2d';
import { softmaxBackward } from '../../../cpu/grad/softmax';
import * as op from '../reference/ops';
import { distinct, dot, expectGrad, normals, numericGrad, ref } from './gradcheck';

const RUNS = { numRuns: 40 };
const dims = (min: number, max: number) => fc.integer({ min, max });

const poolConfigs = fc
  .record({
    kind: fc.constantFrom('maxPool2d' as const, 'avgPool2d' as const),
    shape: fc.tuple(dims(1, 2), dims(1, 3), dims(1, 7), dims(1, 7)),
    kernel: fc.tuple(dims(1, 4), dims(1, 4)),
    stride: fc.tuple(dims(1, 3), dims(1, 3)),
    // Padding up to half the kernel, mostly non-zero (where count_include_pad matters).
    pad: fc.tuple(dims(0, 2), dims(0, 2)),
    ceilMode: fc.boolean(),
    countIncludePad: fc.boolean(),
    seed: fc.nat(),
  })
  .map((c) => ({
    ...c,
    layer: poolLayer('p', c.kind, c.kernel, {
      stride: c.stride,
      padding: [
        Math.min(c.pad[0], Math.floor(c.kernel[0] / 2)),
        Math.min(c.pad[1], Math.floor(c.kernel[1] / 2)),
      ],
      ceilMode: c.ceilMode,
      countIncludePad: c.countIncludePad,
    }),
  }))
  .filter((c) => !isIssue(poolInfo(c.layer, c.shape)));

describe('gradient checks: pooling', () => {
  it('max and average pooling (padding, ceil mode, count_include_pad; no ties)', () => {
    fc.assert(
      fc.property(poolConfigs, (c) => {
        const x = { shape: c.shape, data: distinct(numel(c.shape), c.seed) };
        const { out, argmax } = pool2d(x, c.layer);
        const dy = normals(out.data.length, c.seed + 1);
        const dx = pool2dBackward({ shape: out.shape, data: dy }, x.shape, c.layer, argmax);
        const L = (v: Float64Array) => dot(dy, op.pool2d(ref(x.shape, v), c.layer));
        expectGrad('dx', dx.data, numericGrad(L, x.data));
      }),
      { numRuns: 80 },
    );
  });

  it('global average pooling', () => {
    fc.assert(
      fc.property(fc.tuple(dims(1, 3), dims(1, 4), dims(1, 5), dims(1, 5)), fc.nat(), (s, seed) => {
        const x = normals(numel(s), seed);
        const dy = normals(s[0] * s[1], seed + 1);
        const dx = globalAvgPoolBackward({ shape: [s[0], s[1], 1, 1], data: dy }, s);
        const L = (v: Float64Array) => dot(dy, op.globalAvgPool(ref(s, v)));
        expectGrad('dx', dx.data, numericGrad(L, x));
      }),
      RUNS,
    );
  });
});

describe('gradient checks: activations', () => {
  it.each(ACTIVATIONS.map((fn) => [fn]))('%s (inputs at least 0.01 from a kink)', (fn) => {
    fc.assert(
      fc.property(
        dims(1, 40),
        fc.nat(),
        fc.double({ min: -2, max: 2, noNaN: true }),
        (n, seed, alpha) => {
          // gelu's float64 reference erf loses digits to cancellation beyond |x| ≈ 3.
          const x = normals(n, seed, fn === 'gelu' ? 1 : 4).map((v) => {
            const w = fn === 'gelu' ? Math.max(-3, Math.min(3, v)) : v;
            return Math.abs(w) < 0.01 || Math.abs(w - 6) < 0.01 ? w + 0.05 : w;
          });
          const dy = normals(n, seed + 1);
          const dx = activationBackward(
            { shape: [n], data: dy },
            { shape: [n], data: x },
            fn,
            alpha,
          );
          const L = (v: Float64Array) => dot(dy, op.activation(ref([n], v), fn, alpha));
          expectGrad('dx', dx.data, numericGrad(L, x));
        },
      ),
      RUNS,
    );
  });
});

describe('gradient checks: softmax, add, concat, flatten', () => {
  it('softmax over axis 1 of [N, F] and [N, C, H, W]', () => {
    const shapes = fc.oneof(
      fc.tuple(dims(1, 3), dims(1, 12)),
      fc.tuple(dims(1, 2), dims(1, 5), dims(1, 3), dims(1, 3)),
    );
    fc.assert(
      fc.property(shapes, fc.nat(), (s, seed) => {
        const x = { shape: s, data: normals(numel(s), seed, 3) };
        const dy = normals(numel(s), seed + 1);
        const dx = softmaxBackward({ shape: s, data: dy }, softmax(x));
        const L = (v: Float64Array) => dot(dy, op.softmax(ref(s, v)));
        expectGrad('dx', dx.data, numericGrad(L, x.data));
      }),
      RUNS,
    );
  });

  it('add of 2–4 inputs', () => {
    fc.assert(
      fc.property(
        dims(2, 4),
        fc.tuple(dims(1, 2), dims(1, 3), dims(1, 3)),
        fc.nat(),
        (k, s, seed) => {
          const xs = Array.from({ length: k }, (_, i) => normals(numel(s), seed + i));
          const dy = normals(numel(s), seed + 9);
          const dxs = addBackward({ shape: s, data: dy }, k);
          xs.forEach((x, i) => {
            const L = (v: Float64Array) =>
              dot(dy, op.add(xs.map((other, j) => ref(s, j === i ? v : other))));
            expectGrad(`dx${i}`, dxs[i].data, numericGrad(L, x));
          });
        },
      ),
      RUNS,
    );
  });

  it('concat of 1–3 inputs along axis 1 ([N, C, H, W] and [N, F])', () => {
    fc.assert(
      fc.property(
        fc.array(dims(1, 3), { minLength: 1, maxLength: 3 }),
        dims(1, 2),
        fc.constantFrom([] as number[], [2, 3], [1, 1]),
        fc.nat(),
        (channels, N, rest, seed) => {
          const shapes = channels.map((C) => [N, C, ...rest]);
          const xs = shapes.map((s, i) => normals(numel(s), seed + i));
          const total = channels.reduce((a, b) => a + b, 0);
          const dy = normals(N * total * numel(rest), seed + 9);
          const dxs = concatBackward({ shape: [N, total, ...rest], data: dy }, channels);
          xs.forEach((x, i) => {
            const L = (v: Float64Array) =>
              dot(dy, op.concat(xs.map((other, j) => ref(shapes[j], j === i ? v : other))));
            expectGrad(`dx${i}`, dxs[i].data, numericGrad(L, x));
          });
        },
      ),
      RUNS,
    );
  });

  it('flatten', () => {
    fc.assert(
      fc.property(fc.tuple(dims(1, 2), dims(1, 3), dims(1, 3), dims(1, 3)), fc.nat(), (s, seed) => {
        const x = normals(numel(s), seed);
        const flat = [s[0], numel(s.slice(1))];
        const dy = normals(numel(s), seed + 1);
        const dx = flattenBackward({ shape: flat, data: dy }, s);
        const L = (v: Float64Array) => dot(dy, op.flatten(ref(s, v)));
        expectGrad('dx', dx.data, numericGrad(L, x));
      }),
      RUNS,
    );
  });
});
