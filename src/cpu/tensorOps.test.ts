// The small ops: globalAvgPool, flatten, linear, softmax, add, concat.

import { describe, expect, test } from 'vitest';
import { add } from './add';
import { concat } from './concat';
import { flatten } from './flatten';
import { globalAvgPool } from './globalAvgPool';
import { linear } from './linear';
import { OpError } from './opError';
import { softmax } from './softmax';
import { assertClose, t } from './testing/helpers';

const f = (...v: number[]) => Float32Array.from(v);
const arange = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('globalAvgPool', () => {
  test('x=[2,2,2,2] → [2,2,1,1] plane means', () => {
    const y = globalAvgPool(t([2, 2, 2, 2], arange(16)));
    expect(y.shape).toEqual([2, 2, 1, 1]);
    expect(Array.from(y.data)).toEqual([1.5, 5.5, 9.5, 13.5]);
  });
  test('rejects a flat input', () => {
    expect(() => globalAvgPool(t([1, 3], [1, 2, 3]))).toThrow(/needs a C×H×W input, got 3/);
  });
});

describe('flatten', () => {
  test('x=[2,2,1,3] → [2,6] in C, H, W order, copied', () => {
    const x = t([2, 2, 1, 3], arange(12));
    const y = flatten(x);
    expect(y.shape).toEqual([2, 6]);
    expect(Array.from(y.data)).toEqual(arange(12));
    y.data[0] = 99;
    expect(x.data[0]).toBe(0);
  });
});

describe('linear', () => {
  test('x=[2,3] W=[2,3] with and without bias', () => {
    const x = t([2, 3], [1, 2, 3, -1, 0, 1]);
    const w = f(1, 0, 0, 1, 1, 1); // rows: pick x0, sum
    expect(Array.from(linear(x, w, null).data)).toEqual([1, 6, -1, 0]);
    const y = linear(x, w, f(10, 20));
    expect(y.shape).toEqual([2, 2]);
    expect(Array.from(y.data)).toEqual([11, 26, 9, 20]);
  });
  test('rejects a C×H×W input, a ragged weight and a wrong bias', () => {
    expect(() => linear(t([1, 1, 1, 2], [1, 2]), f(1, 1), null)).toThrow(/add a flatten layer/);
    expect(() => linear(t([1, 3], [1, 2, 3]), f(1, 1), null)).toThrow(OpError);
    expect(() => linear(t([1, 2], [1, 2]), f(1, 1), f(1, 2))).toThrow(/bias needs 1 values/);
  });
});

describe('softmax', () => {
  test('[1000, 1000] = [0.5, 0.5] (no overflow)', () => {
    expect(Array.from(softmax(t([1, 2], [1000, 1000])).data)).toEqual([0.5, 0.5]);
  });
  test('[0, ln 3] = [0.25, 0.75]; [-1000, 0] = [0, 1]', () => {
    assertClose(softmax(t([1, 2], [0, Math.log(3)])).data, [0.25, 0.75], 1e-6);
    expect(Array.from(softmax(t([1, 2], [-1000, 0])).data)).toEqual([0, 1]);
  });
  test('x=[1,3,1,2]: over channels at each position', () => {
    // position 0: channels 0, 0, 0 → 1/3 each; position 1: channels 1, 1+ln 2, 1 → 1/4, 1/2, 1/4
    const y = softmax(t([1, 3, 1, 2], [0, 1, 0, 1 + Math.log(2), 0, 1]));
    expect(y.shape).toEqual([1, 3, 1, 2]);
    assertClose(y.data, [1 / 3, 0.25, 1 / 3, 0.5, 1 / 3, 0.25], 1e-6);
  });
  test('x=[2,3]: each row sums to 1 and keeps the order of its logits', () => {
    const y = softmax(t([2, 3], [1, 2, 3, -5, 50, 7]));
    expect(y.data[0] + y.data[1] + y.data[2]).toBeCloseTo(1, 6);
    expect(y.data[3] + y.data[4] + y.data[5]).toBeCloseTo(1, 6);
    expect(y.data[0] < y.data[1] && y.data[1] < y.data[2]).toBe(true);
  });
});

describe('add', () => {
  test('three x=[1,1,1,2] tensors', () => {
    const y = add([
      t([1, 1, 1, 2], [1, 2]),
      t([1, 1, 1, 2], [10, 20]),
      t([1, 1, 1, 2], [100, 200]),
    ]);
    expect(y.shape).toEqual([1, 1, 1, 2]);
    expect(Array.from(y.data)).toEqual([111, 222]);
  });
  test('rejects one input and unequal shapes', () => {
    expect(() => add([t([1, 2], [1, 2])])).toThrow(/at least two inputs/);
    expect(() => add([t([1, 2], [1, 2]), t([2, 1], [1, 2])])).toThrow(
      /equal shapes, got \[1, 2\] and \[2, 1\]/,
    );
  });
});

describe('concat', () => {
  test('x=[2,1,1,2] + [2,2,1,2] → [2,3,1,2] along channels, per sample', () => {
    const a = t([2, 1, 1, 2], [1, 2, 3, 4]);
    const b = t([2, 2, 1, 2], [10, 11, 12, 13, 20, 21, 22, 23]);
    const y = concat([a, b]);
    expect(y.shape).toEqual([2, 3, 1, 2]);
    expect(Array.from(y.data)).toEqual([1, 2, 10, 11, 12, 13, 3, 4, 20, 21, 22, 23]);
  });
  test('x=[1,2] + [1,1] features → [1,3]', () => {
    expect(Array.from(concat([t([1, 2], [1, 2]), t([1, 1], [3])]).data)).toEqual([1, 2, 3]);
  });
  test('rejects unequal spatial sizes', () => {
    expect(() => concat([t([1, 1, 1, 2], [1, 2]), t([1, 1, 2, 1], [1, 2])])).toThrow(
      /equal other sizes/,
    );
  });
});
