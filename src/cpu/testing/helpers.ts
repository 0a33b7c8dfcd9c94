// Test-only helpers shared by the *.test.ts files of the CPU ops: seeded random tensors, float
// comparison with a relative tolerance, and small tensor builders.

import { createRng } from '../../core/rng';
import { numel, type Tensor } from '../../core/tensor';

/** |a - b| ≤ tol · max(1, |a|, |b|); NaN equals NaN. */
export function close(a: number, b: number, tol = 1e-4): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  return Math.abs(a - b) <= tol * Math.max(1, Math.abs(a), Math.abs(b));
}

/** Index of the first mismatch, or -1 when equal in length and values (within tol). */
export function firstMismatch(a: ArrayLike<number>, b: ArrayLike<number>, tol = 1e-4): number {
  if (a.length !== b.length) return 0;
  for (let i = 0; i < a.length; i++) if (!close(a[i], b[i], tol)) return i;
  return -1;
}

/** Throws a readable error unless the arrays match within tol (for use inside fc.property). */
export function assertClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  tol = 1e-4,
): void {
  const i = firstMismatch(actual, expected, tol);
  if (i >= 0) {
    throw new Error(
      actual.length !== expected.length
        ? `length ${actual.length} ≠ ${expected.length}`
        : `at ${i}: ${actual[i]} ≠ ${expected[i]}`,
    );
  }
}

export function assertShape(actual: readonly number[], expected: readonly number[]): void {
  if (actual.join() !== expected.join()) {
    throw new Error(`shape [${actual.join(', ')}] ≠ [${expected.join(', ')}]`);
  }
}

/** Standard-normal values from a seed. */
export function randomArray(n: number, seed: number, scale = 1): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: n }, () => rng.normal() * scale);
}

export function randomTensor(shape: readonly number[], seed: number, scale = 1): Tensor {
  return { shape: [...shape], data: randomArray(numel(shape), seed, scale) };
}

export const t = (shape: readonly number[], values: readonly number[]): Tensor => ({
  shape: [...shape],
  data: Float32Array.from(values),
});

/** Value of x at [n, c, h, w] (NCHW). */
export function at(x: Tensor, n: number, c: number, h: number, w: number): number {
  const [, C, H, W] = x.shape;
  return x.data[((n * C + c) * H + h) * W + w];
}
