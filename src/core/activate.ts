// Activation functions on one value, with PyTorch's definitions: the single source for the CPU
// op, the animation's curve and its moving point. sigmoid never overflows; gelu is the exact
// erf form (PyTorch's default approximate='none').

import type { ActivationFn } from './layers';

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);
const INV_SQRT_PI = 1 / Math.sqrt(Math.PI);

/**
 * The error function, absolute error below 1e-13: its Maclaurin series for |x| < 2 and the
 * continued fraction of erfc (40 terms, evaluated backwards) beyond.
 */
export function erf(x: number): number {
  if (x !== x) return x;
  const a = Math.abs(x);
  if (a < 2) {
    const x2 = x * x;
    let term = x; // (-1)^n x^(2n+1) / n!
    let sum = x;
    for (let n = 1; n < 60; n++) {
      term = (-term * x2) / n;
      const d = term / (2 * n + 1);
      sum += d;
      if (Math.abs(d) <= 1e-17 * Math.abs(sum)) break;
    }
    return TWO_OVER_SQRT_PI * sum;
  }
  if (a >= 6) return x > 0 ? 1 : -1; // erfc(6) ≈ 2e-17
  // erfc(a) = exp(-a²)/√π · 1/(a + (1/2)/(a + 1/(a + (3/2)/(a + ...))))
  let f = a;
  for (let k = 40; k > 0; k--) f = a + k / 2 / f;
  const erfc = (Math.exp(-a * a) * INV_SQRT_PI) / f;
  return x > 0 ? 1 - erfc : erfc - 1;
}

/** 1 / (1 + e^-v) without overflow for large |v|. */
export function sigmoid(v: number): number {
  if (v >= 0) return 1 / (1 + Math.exp(-v));
  const e = Math.exp(v);
  return e / (1 + e);
}

/** One activation applied to one value. alpha is leakyRelu's negative slope. NaN stays NaN. */
export function activate(v: number, fn: ActivationFn, alpha = 0.01): number {
  switch (fn) {
    case 'relu':
      return v < 0 ? 0 : v;
    case 'relu6':
      return v < 0 ? 0 : v > 6 ? 6 : v;
    case 'leakyRelu':
      return v < 0 ? alpha * v : v;
    case 'sigmoid':
      return sigmoid(v);
    case 'tanh':
      return Math.tanh(v);
    case 'gelu':
      return 0.5 * v * (1 + erf(v * Math.SQRT1_2));
    case 'silu':
      return v * sigmoid(v);
    case 'identity':
      return v;
  }
}
