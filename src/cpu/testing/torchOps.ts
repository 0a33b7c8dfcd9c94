// Test support: a CPU op and the same computation asked of real PyTorch (core/testing/torch.ts),
// and the comparison, with the conformance suite's tolerance: |got − want| ≤ 1e-4·max(1, |want|),
// NaN matches only NaN and ±∞ only itself. `want` is PyTorch in float64 from the same float32
// inputs, so a real difference is told from float32 rounding; float32 PyTorch is shown beside it.

import type { Tensor } from '../../core/tensor';
import { f32, f64, type OpRequest, type OpResult } from '../../core/testing/torch';

export interface OpCase {
  /** The configuration in words, e.g. 'conv x=[1,2,5,5] k=3 s=2 same reflect'. */
  readonly label: string;
  readonly req: OpRequest;
  /** The CPU op's answer; a throw is a disagreement too. */
  readonly cpu: () => Tensor;
  /** Max pooling: the CPU op's winner indices, to hold against PyTorch's return_indices. */
  readonly argmax?: () => Int32Array | null;
}

/** A tensor argument of a request: base64 float32 values and `<name>Shape`. */
export function arg(
  name: string,
  data: ArrayLike<number>,
  shape: readonly number[],
): Record<string, unknown> {
  return { [name]: f32(data), [`${name}Shape`]: [...shape] };
}

export function agrees(got: number, want: number, tol = 1e-4): boolean {
  if (Number.isNaN(want) || Number.isNaN(got)) return Number.isNaN(want) && Number.isNaN(got);
  if (!Number.isFinite(want) || !Number.isFinite(got)) return got === want;
  return Math.abs(got - want) <= tol * Math.max(1, Math.abs(want));
}

/** The first disagreement of one case as a readable line, or null. */
export function disagreement(c: OpCase, res: OpResult): string | null {
  if (!res.ok) return `${c.label}: PyTorch failed: ${res.error?.trim().split('\n').at(-1)}`;
  let got: Tensor;
  try {
    got = c.cpu();
  } catch (e) {
    return `${c.label}: the CPU op threw ${(e as Error).message}`;
  }
  if (got.shape.join() !== res.shape!.join()) {
    return `${c.label}: shape [${got.shape.join(', ')}], PyTorch [${res.shape!.join(', ')}]`;
  }
  const want = f64(res.want!);
  const want32 = f64(res.want32!);
  for (let i = 0; i < want.length; i++) {
    if (!agrees(got.data[i], want[i])) {
      return (
        `${c.label}: at ${i} got ${got.data[i]}, PyTorch float64 ${want[i]} ` +
        `(float32 ${want32[i]})`
      );
    }
  }
  const argmax = c.argmax?.();
  if (argmax && res.indices) {
    const i = argmax.findIndex((a, j) => a !== res.indices![j]);
    if (i >= 0)
      return `${c.label}: winner at ${i} is cell ${argmax[i]}, PyTorch's ${res.indices[i]}`;
  }
  return null;
}
