// Hand-checked conv2d cases: the classic binary-image example, output sizes, every padding mode
// on a 3×3 input, 'same' padding with an odd total, groups, bias, true convolution, and errors.

import { describe, expect, test } from 'vitest';
import { conv2d as convLayer, type Conv2dLayer } from '../core/layers';
import { conv2d, flipKernels, padIndex, tapIndices } from './conv2d';
import { OpError } from './opError';
import { t } from './testing/helpers';

const image5 = [
  [1, 1, 1, 0, 0],
  [0, 1, 1, 1, 0],
  [0, 0, 1, 1, 1],
  [0, 0, 1, 1, 0],
  [0, 1, 1, 0, 0],
];
const x3 = t([1, 1, 3, 3], [1, 2, 3, 4, 5, 6, 7, 8, 9]);
const arange = (n: number) => Array.from({ length: n }, (_, i) => i);
const ones = (n: number) => new Float32Array(n).fill(1);
const rows = (data: Float32Array, w: number) =>
  Array.from({ length: data.length / w }, (_, r) => Array.from(data.subarray(r * w, (r + 1) * w)));
const nb = (l: Conv2dLayer): Conv2dLayer => ({ ...l, bias: false });

describe('conv2d exact cases', () => {
  test('x=[1,1,5,5] k=3 s=1 p=0: binary image, X-shaped kernel', () => {
    const k = Float32Array.from([1, 0, 1, 0, 1, 0, 1, 0, 1]);
    const y = conv2d(t([1, 1, 5, 5], image5.flat()), k, null, nb(convLayer('c', 1, 3)));
    expect(y.shape).toEqual([1, 1, 3, 3]);
    expect(y.data[0]).toBe(4);
    expect(rows(y.data, 3)).toEqual([
      [4, 3, 4],
      [2, 4, 3],
      [2, 3, 4],
    ]);
  });

  test.each([
    [1, 5, [0, 1, 2, 3, 4]],
    [2, 3, [0, 2, 4]],
    [3, 2, [0, 3]],
  ])('x=[1,1,7,7] k=3 s=%i p=0 → %i×%i', (s, size, starts) => {
    // All-ones kernel on x = 0..48: each output is 9 × the value at the window centre.
    const y = conv2d(
      t([1, 1, 7, 7], arange(49)),
      ones(9),
      null,
      nb(convLayer('c', 1, 3, { stride: s })),
    );
    expect(y.shape).toEqual([1, 1, size, size]);
    const expected = starts.flatMap((r) => starts.map((c) => 9 * ((r + 1) * 7 + c + 1)));
    expect(Array.from(y.data)).toEqual(expected);
  });

  test.each([
    ['zeros', [0, 0, 0, 0, 0, 0, 1, 2, 3, 0, 0, 4, 5, 6, 0, 0, 7, 8, 9, 0, 0, 0, 0, 0, 0]],
    ['replicate', [1, 1, 2, 3, 3, 1, 1, 2, 3, 3, 4, 4, 5, 6, 6, 7, 7, 8, 9, 9, 7, 7, 8, 9, 9]],
    ['reflect', [5, 4, 5, 6, 5, 2, 1, 2, 3, 2, 5, 4, 5, 6, 5, 8, 7, 8, 9, 8, 5, 4, 5, 6, 5]],
  ] as const)('x=[1,1,3,3] k=1 p=1 %s: the output is the padded input', (mode, padded) => {
    const y = conv2d(
      x3,
      ones(1),
      null,
      nb(convLayer('c', 1, 1, { padding: 1, paddingMode: mode })),
    );
    expect(y.shape).toEqual([1, 1, 5, 5]);
    expect(Array.from(y.data)).toEqual(padded);
  });

  test.each([
    // Sums of the 3×3 windows of the padded grids above.
    ['zeros', [12, 21, 16, 27, 45, 33, 24, 39, 28]],
    ['replicate', [21, 27, 33, 39, 45, 51, 57, 63, 69]],
    ['reflect', [33, 36, 39, 42, 45, 48, 51, 54, 57]],
  ] as const)('x=[1,1,3,3] k=3 s=1 p=1 %s, all-ones kernel', (mode, sums) => {
    const y = conv2d(
      x3,
      ones(9),
      null,
      nb(convLayer('c', 1, 3, { padding: 1, paddingMode: mode })),
    );
    expect(Array.from(y.data)).toEqual(sums);
  });

  test('x=[1,1,3,3] k=1 p=2 reflect: folds once more than the edge', () => {
    const y = conv2d(
      x3,
      ones(1),
      null,
      nb(convLayer('c', 1, 1, { padding: [0, 2], paddingMode: 'reflect' })),
    );
    expect(y.shape).toEqual([1, 1, 3, 7]);
    expect(Array.from(y.data.subarray(0, 7))).toEqual([3, 2, 1, 2, 3, 2, 1]);
  });

  test("x=[1,1,1,4] k=1×2 s=1 'same': the odd extra padding goes at the end", () => {
    const y = conv2d(
      t([1, 1, 1, 4], [1, 2, 3, 4]),
      ones(2),
      null,
      nb(convLayer('c', 1, [1, 2], { padding: 'same' })),
    );
    expect(Array.from(y.data)).toEqual([3, 5, 7, 4]);
  });

  test("x=[1,1,1,6] k=1×3 s=2 'same' → 1×3", () => {
    const layer = nb(convLayer('c', 1, [1, 3], { stride: 2, padding: 'same' }));
    const y = conv2d(t([1, 1, 1, 6], [1, 2, 3, 4, 5, 6]), ones(3), null, layer);
    expect(y.shape).toEqual([1, 1, 1, 3]);
    expect(Array.from(y.data)).toEqual([6, 12, 11]);
  });

  test('x=[1,1,5,5] k=3 d=2 p=0 → 1×1: reads the corners and centre', () => {
    const k = Float32Array.from([1, 10, 100, 1000, 10000, 100000, 1e6, 1e7, 1e8]);
    const y = conv2d(
      t([1, 1, 5, 5], image5.flat()),
      k,
      null,
      nb(convLayer('c', 1, 3, { dilation: 2 })),
    );
    // taps at rows/cols 0, 2, 4 of the image: [[1,1,0],[0,1,1],[0,1,0]]
    expect(Array.from(y.data)).toEqual([1 + 10 + 10000 + 100000 + 1e7]);
  });

  test('x=[1,2,1,2] k=1 groups=2: each output channel sees its own input channel', () => {
    const layer = nb(convLayer('c', 2, 1, { groups: 2 }));
    const y = conv2d(t([1, 2, 1, 2], [1, 2, 10, 20]), Float32Array.from([2, 3]), null, layer);
    expect(Array.from(y.data)).toEqual([2, 4, 30, 60]);
  });

  test('x=[2,2,1,1] k=1 out=2 with bias', () => {
    const w = Float32Array.from([1, 2, 3, 4]); // [out, in]
    const y = conv2d(
      t([2, 2, 1, 1], [1, 1, 2, 0]),
      w,
      Float32Array.from([10, 20]),
      convLayer('c', 2, 1),
    );
    expect(y.shape).toEqual([2, 2, 1, 1]);
    expect(Array.from(y.data)).toEqual([13, 27, 12, 26]);
  });

  test('x=[1,1,1,3] k=1×3: true convolution flips the kernel', () => {
    const x = t([1, 1, 1, 3], [1, 2, 3]);
    const k = Float32Array.from([1, 0, -1]);
    const layer = nb(convLayer('c', 1, [1, 3]));
    expect(Array.from(conv2d(x, k, null, layer).data)).toEqual([-2]);
    expect(Array.from(conv2d(x, k, null, layer, { trueConvolution: true }).data)).toEqual([2]);
  });

  test('flipKernels rotates each 2×2 kernel by 180°', () => {
    expect(Array.from(flipKernels(Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8]), 2, 2))).toEqual([
      4, 3, 2, 1, 8, 7, 6, 5,
    ]);
  });
});

describe('padIndex / tapIndices', () => {
  test.each([
    [-2, 'zeros', -1],
    [-1, 'zeros', -1],
    [3, 'zeros', -1],
    [1, 'zeros', 1],
    [-1, 'replicate', 0],
    [-5, 'replicate', 0],
    [4, 'replicate', 2],
    [-1, 'reflect', 1],
    [-2, 'reflect', 2],
    [3, 'reflect', 1],
    [4, 'reflect', 0],
    [-3, 'reflect', 1],
    [7, 'reflect', 1],
  ] as const)('size 3: padIndex(%i, %s) = %i', (i, mode, expected) => {
    expect(padIndex(i, 3, mode)).toBe(expected);
  });

  test('size 1 reflect stays on the only cell', () => {
    expect(padIndex(-1, 1, 'reflect')).toBe(0);
    expect(padIndex(2, 1, 'reflect')).toBe(0);
  });

  test('tapIndices for size 5, k=3, s=2, p=1 zeros', () => {
    const axis = { size: 5, kernel: 3, stride: 2, dilation: 1, padBegin: 1, out: 3 };
    const map = tapIndices(axis as Parameters<typeof tapIndices>[0], 'zeros');
    expect(Array.from(map)).toEqual([-1, 0, 1, 1, 2, 3, 3, 4, -1]);
  });
});

describe('conv2d rejects invalid configurations', () => {
  const x = t([1, 2, 3, 3], arange(18));
  const err = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      expect(e).toBeInstanceOf(OpError);
      return (e as OpError).message;
    }
    throw new Error('did not throw');
  };

  test('kernel larger than the input', () => {
    expect(err(() => conv2d(x, ones(32), null, nb(convLayer('c', 1, 4))))).toMatch(
      /kernel 4×4 larger than the input 3×3/,
    );
  });
  test('groups not dividing the channels', () => {
    expect(err(() => conv2d(x, ones(3), null, nb(convLayer('c', 3, 1, { groups: 3 }))))).toMatch(
      /2 input channels are not divisible by 3 groups/,
    );
  });
  test('reflect padding as large as the input', () => {
    const layer = nb(convLayer('c', 1, 3, { padding: 3, paddingMode: 'reflect' }));
    expect(err(() => conv2d(x, ones(18), null, layer))).toMatch(/reflect padding must be smaller/);
  });
  test('weight of the wrong length', () => {
    expect(err(() => conv2d(x, ones(9), null, nb(convLayer('c', 1, 3))))).toMatch(
      /conv weight needs 18 values \(\[1, 2, 3, 3\]\), got 9/,
    );
  });
  test('bias given to a layer without one, or of the wrong length', () => {
    expect(err(() => conv2d(x, ones(18), ones(1), nb(convLayer('c', 1, 3))))).toMatch(/no bias/);
    expect(err(() => conv2d(x, ones(18), ones(2), convLayer('c', 1, 3)))).toMatch(
      /conv bias needs 1 values/,
    );
  });
  test('input that is not C×H×W', () => {
    expect(
      err(() => conv2d(t([1, 4], [1, 2, 3, 4]), ones(1), null, nb(convLayer('c', 1, 1)))),
    ).toMatch(/conv needs a C×H×W input/);
  });
});
