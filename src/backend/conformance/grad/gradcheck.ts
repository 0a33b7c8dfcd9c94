// Test support: finite-difference gradient checks of the CPU backward passes against the float64
// reference forward (../reference). A backward is right when, for a scalar L(θ) built from the
// reference forward, its gradient matches central differences of L in float64:
//   ∂L/∂θ_i ≈ (L(θ + h e_i) − L(θ − h e_i)) / 2h,  h = 1e-6 · max(1, |θ_i|)
// The CPU twin takes float32 values; the reference runs on the same values widened to float64.

import { createRng, type Rng } from '../../../core/rng';
import type { Ref } from '../reference/ops';

/** The float64 reference tensor of float32 values. */
export const ref = (shape: readonly number[], data: ArrayLike<number>): Ref => ({
  shape: [...shape],
  data: Float64Array.from(data),
});

/** Σ_i w_i · y_i: a scalar whose gradient with respect to y is w (the upstream dy). */
export const dot = (w: ArrayLike<number>, y: Ref): number => {
  let s = 0;
  for (let i = 0; i < y.data.length; i++) s += w[i] * y.data[i];
  return s;
};

/** Central differences of f at x, one coordinate at a time, in float64. */
export function numericGrad(
  f: (x: Float64Array) => number,
  x: ArrayLike<number>,
  h = 1e-6,
): Float64Array {
  const v = Float64Array.from(x);
  const g = new Float64Array(v.length);
  for (let i = 0; i < v.length; i++) {
    const keep = v[i];
    const step = h * Math.max(1, Math.abs(keep));
    v[i] = keep + step;
    const up = f(v);
    v[i] = keep - step;
    const down = f(v);
    v[i] = keep;
    g[i] = (up - down) / (2 * step);
  }
  return g;
}

/**
 * The first disagreement between an analytic gradient and a numeric one, or null:
 * |a − n| ≤ 1e-4 · |n| + 1e-5 · max(1, max |n|). The absolute part follows the gradient's own
 * scale, so a gradient of small entries is still held to its digits.
 */
export function gradMismatch(
  what: string,
  analytic: ArrayLike<number>,
  numeric: ArrayLike<number>,
): string | null {
  if (analytic.length !== numeric.length) {
    return `${what}: ${analytic.length} values, numeric ${numeric.length}`;
  }
  let scale = 1;
  for (let i = 0; i < numeric.length; i++) scale = Math.max(scale, Math.abs(numeric[i]));
  for (let i = 0; i < numeric.length; i++) {
    const a = analytic[i];
    const n = numeric[i];
    if (!(Math.abs(a - n) <= 1e-4 * Math.abs(n) + 1e-5 * scale)) {
      return `${what}[${i}]: backward ${a}, finite differences ${n}`;
    }
  }
  return null;
}

/** Throws the first disagreement (inside a fast-check property). */
export function expectGrad(what: string, analytic: ArrayLike<number>, numeric: ArrayLike<number>) {
  const bad = gradMismatch(what, analytic, numeric);
  if (bad !== null) throw new Error(bad);
}

/** Standard normals (times scale) as float32. */
export function normals(n: number, seed: number, scale = 1): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: n }, () => rng.normal() * scale);
}

/**
 * n distinct float32 values 0.1 apart in a random order (plus a small jitter): a max never ties
 * and a step of h never changes which value wins.
 */
export function distinct(n: number, seed: number): Float32Array {
  const rng: Rng = createRng(seed);
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return Float32Array.from(order, (k) => (k - n / 2) * 0.1 + rng.next() * 0.01);
}
