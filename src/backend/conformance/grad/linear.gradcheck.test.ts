// linear backward (CPU twin): a hand-worked case, the argument checks, and a float64 gradient
// check on random shapes: central differences of L = Σ linear(x, W, b) · dy through the
// independent float64 reference forward (backend/conformance/reference/ops.ts).

import fc from 'fast-check';
import { describe, expect, it, test } from 'vitest';
import { centralDifferences, dotLoss } from '../reference/finiteDiff';
import * as ref from '../reference/ops';
import { randomArray, randomTensor, t } from '../../../cpu/testing/helpers';
import { linearBackward } from '../../../cpu/grad/linear';

const ALL = { input: true, weight: true, bias: true };
const list = (a: ArrayLike<number> | null | undefined) => (a ? Array.from(a) : a);

describe('linear backward, hand-worked', () => {
  // x [2, 3], W [2, 3], dy [2, 2]
  const x = t([2, 3], [1, 2, 3, 4, 5, 6]);
  const w = Float32Array.from([1, 0, -1, 2, 1, 0]);
  const dy = t([2, 2], [1, 10, 100, 1000]);

  it('x=[2,3] → 2: dx = dy·W, dW = dyᵀ·x, db = Σ_n dy', () => {
    const g = linearBackward(x, w, dy, ALL);
    expect(g.dx!.shape).toEqual([2, 3]);
    expect(list(g.dx!.data)).toEqual([21, 10, -1, 2100, 1000, -100]);
    expect(list(g.dWeight)).toEqual([401, 502, 603, 4010, 5020, 6030]);
    expect(list(g.dBias)).toEqual([101, 1010]);
  });

  it('computes only what `need` asks for', () => {
    const g = linearBackward(x, w, dy, { input: false, weight: false, bias: true });
    expect(g.dx).toBeNull();
    expect(g.dWeight).toBeNull();
    expect(list(g.dBias)).toEqual([101, 1010]);
  });

  it('refuses a dy with other rows, a weight of the wrong size, an unflattened input', () => {
    expect(() => linearBackward(x, w, t([1, 2], [0, 0]), ALL)).toThrow(/the input has 2 rows/);
    expect(() => linearBackward(x, w.subarray(1), dy, ALL)).toThrow(/needs 6 values/);
    expect(() => linearBackward(t([1, 1, 2, 2], [1, 2, 3, 4]), w, dy, ALL)).toThrow(/flat input/);
  });
});

describe('linear backward: float64 gradient check', () => {
  test('dx, dW, db against central differences of the reference forward', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 8 }),
        fc.boolean(),
        fc.integer(),
        (n, f, o, hasBias, seed) => {
          const x = randomTensor([n, f], seed);
          const w = randomArray(o * f, seed + 1);
          const b = hasBias ? randomArray(o, seed + 2) : null;
          const dy = randomTensor([n, o], seed + 3);
          const got = linearBackward(x, w, dy, { input: true, weight: true, bias: hasBias });
          const x64 = Float64Array.from(x.data);
          const w64 = Float64Array.from(w);
          const b64 = b ? Float64Array.from(b) : null;
          const loss = () =>
            dotLoss(ref.linear({ shape: [n, f], data: x64 }, w64, b64, o).data, dy.data);
          const checks: [string, ArrayLike<number>, Float64Array][] = [
            ['dx', got.dx!.data, centralDifferences(x64, loss)],
            ['dW', got.dWeight!, centralDifferences(w64, loss)],
          ];
          if (b64) checks.push(['db', got.dBias!, centralDifferences(b64, loss)]);
          for (const [what, a, want] of checks) {
            for (let i = 0; i < want.length; i++) {
              if (Math.abs(a[i] - want[i]) > 1e-4 * Math.max(1, Math.abs(want[i])))
                throw new Error(
                  `x=[${n},${f}] → ${o}: ${what}[${i}] analytic ${a[i]}, central difference ${want[i]}`,
                );
            }
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
