// Test support for src/cpu/grad/ops.torch.test.ts: a backward case asked of real PyTorch
// autograd (src/core/testing/torch_grad_ops.py) with the CPU side's answer, and the comparison
// with the conformance tolerance (|got − want| ≤ 1e-4·max(1, |want|), NaN ≡ NaN, ±∞ exact).

import { createRng, type Rng } from '../../core/rng';
import { numel, type Tensor } from '../../core/tensor';
import { agrees } from './torchOps';

export interface Answer {
  readonly grads: Record<string, string>;
  readonly runningMean?: string;
  readonly runningVar?: string;
  readonly loss?: number;
  readonly correct?: number;
}

export interface GradCase {
  readonly label: string;
  readonly req: Record<string, unknown> & { readonly op: string };
  /** The CPU side's values by name, to hold against PyTorch's gradient of the same name. */
  readonly got: () => Record<string, ArrayLike<number>>;
  /** Scalars (loss, correct count, running statistics) checked apart. */
  readonly extra?: (a: Answer) => string | null;
}

export function compare(
  label: string,
  name: string,
  got: ArrayLike<number>,
  want: Float64Array,
): string | null {
  if (got.length !== want.length) {
    return `${label}: ${name} has ${got.length} values, PyTorch ${want.length}`;
  }
  for (let i = 0; i < want.length; i++) {
    if (!agrees(got[i], want[i])) return `${label}: ${name}[${i}] = ${got[i]}, PyTorch ${want[i]}`;
  }
  return null;
}

/** Seeded random helpers shared by the case builders. */
export function randomCases(seed: number) {
  const rng: Rng = createRng(seed);
  const int = (min: number, max: number) => min + Math.floor(rng.next() * (max - min + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng.next() * xs.length)];
  const normals = (n: number, scale = 1) =>
    Float32Array.from({ length: n }, () => rng.normal() * scale);
  const T = (shape: readonly number[], data = normals(numel(shape))): Tensor => ({
    shape: [...shape],
    data,
  });
  return { rng, int, pick, normals, T };
}

export const fmt = (s: readonly number[]) => `[${s.join(',')}]`;
