// Activations: values against reference numbers (erf from a double-precision libm), stability
// of sigmoid for large |x|, and the tensor op against the scalar.

import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { ACTIVATIONS, type ActivationFn } from '../core/layers';
import { activate, activation, erf, sigmoid } from './activation';
import { OpError } from './opError';
import { t } from './testing/helpers';

describe('erf', () => {
  test.each([
    [0, 0],
    [0.1, 0.1124629160182849],
    [0.5, 0.5204998778130465],
    [1, 0.8427007929497149],
    [1.5, 0.9661051464753108],
    [1.9999999, 0.9953222629522538],
    [2, 0.9953222650189527],
    [2.0000001, 0.9953222670856509],
    [2.5, 0.999593047982555],
    [3, 0.9999779095030014],
    [4, 0.9999999845827421],
    [5.5, 0.9999999999999927],
    [6.5, 1],
    [-1, -0.8427007929497149],
    [-2.5, -0.999593047982555],
  ])('erf(%d) = %d within 1e-12', (x, expected) => {
    expect(Math.abs(erf(x) - expected)).toBeLessThan(1e-12);
  });

  test('odd, bounded and increasing on a fine grid across the series / fraction switch', () => {
    let prev = -1;
    const bad: number[] = [];
    for (let i = -7000; i <= 7000; i++) {
      const x = i / 1000;
      const v = erf(x);
      if (Math.abs(v + erf(-x)) > 1e-15 || v < prev - 1e-15 || Math.abs(v) > 1) bad.push(x);
      prev = v;
    }
    expect(bad).toEqual([]);
  });
});

describe('activate', () => {
  test.each([
    ['relu', -2, 0],
    ['relu', 3, 3],
    ['relu6', 7, 6],
    ['relu6', -1, 0],
    ['relu6', 2.5, 2.5],
    ['leakyRelu', -2, -0.02],
    ['leakyRelu', 2, 2],
    ['sigmoid', 0, 0.5],
    ['tanh', 0.5, Math.tanh(0.5)],
    ['gelu', 1, 0.8413447460685429],
    ['gelu', -1, -0.15865525393145707],
    ['gelu', 2, 1.9544997361036416],
    ['gelu', -3, -0.00404969409489031],
    ['gelu', 0.5, 0.34573123063700656],
    ['silu', 1, 0.7310585786300049],
    ['silu', -1, -0.2689414213699951],
    ['silu', 5, 4.966535745378576],
    ['identity', -3.5, -3.5],
  ] as const)('%s(%d) = %d', (fn, x, expected) => {
    expect(activate(x, fn)).toBeCloseTo(expected, 12);
  });

  test('leakyRelu uses the given slope', () => {
    expect(activate(-2, 'leakyRelu', 0.2)).toBeCloseTo(-0.4, 12);
  });

  test('sigmoid / silu / gelu / tanh stay finite and saturate for |x| up to 1e4', () => {
    expect(sigmoid(1000)).toBe(1);
    expect(sigmoid(-1000)).toBe(0);
    expect(sigmoid(-745)).toBeGreaterThanOrEqual(0);
    expect(sigmoid(-30)).toBeCloseTo(Math.exp(-30), 25);
    for (const v of [-1e4, -800, 800, 1e4]) {
      for (const fn of ACTIVATIONS) expect(Number.isFinite(activate(v, fn))).toBe(true);
    }
    expect(activate(-1e4, 'silu')).toBe(-0);
    expect(activate(1e4, 'gelu')).toBe(1e4);
  });

  test('NaN stays NaN for every activation', () => {
    for (const fn of ACTIVATIONS) expect(activate(NaN, fn)).toBeNaN();
  });

  test('sigmoid is monotone and symmetric: σ(-x) = 1 - σ(x)', () => {
    fc.assert(
      fc.property(fc.double({ min: -50, max: 50, noNaN: true }), (x) => {
        expect(Math.abs(sigmoid(-x) - (1 - sigmoid(x)))).toBeLessThan(1e-12);
        expect(sigmoid(x + 0.01)).toBeGreaterThanOrEqual(sigmoid(x));
      }),
      { numRuns: 100 },
    );
  });
});

describe('activation (tensor)', () => {
  test('x=[1,2,1,2]: applies activate elementwise and keeps the shape', () => {
    const x = t([1, 2, 1, 2], [-1, 0, 1, 100]);
    for (const fn of ACTIVATIONS as readonly ActivationFn[]) {
      const y = activation(x, fn, 0.1);
      expect(y.shape).toEqual([1, 2, 1, 2]);
      expect(Array.from(y.data)).toEqual(
        Array.from(x.data, (v) => Math.fround(activate(v, fn, 0.1))),
      );
    }
  });

  test('rejects an unknown activation', () => {
    expect(() => activation(t([1, 1], [0]), 'swish' as ActivationFn)).toThrow(OpError);
  });
});
