// Test-only: elementwise relative comparison for optimizer results. An update's rounding error
// scales with the values that went into it (the parameter before the step, the step itself), not
// with the result, which can cancel to nearly 0; so each element's tolerance is
// rel · max(|want|, |ref|, floor), `ref` being such an input (the parameter before the step).

export interface RelOptions {
  readonly rel: number;
  /** Per element magnitudes the error may scale with (e.g. the values before the step). */
  readonly ref?: ArrayLike<number>;
  /** Smallest magnitude (e.g. 1e-3 of the tensor's largest), for results near 0. */
  readonly floor?: number;
  readonly limit?: number;
}

/** The first mismatches in words ([] when every element is within tolerance). NaN = NaN. */
export function relMismatches(
  got: ArrayLike<number>,
  want: ArrayLike<number>,
  { rel, ref, floor = 0, limit = 5 }: RelOptions,
): string[] {
  if (got.length !== want.length) return [`length ${got.length} ≠ ${want.length}`];
  const bad: string[] = [];
  for (let i = 0; i < want.length && bad.length < limit; i++) {
    const g = got[i];
    const w = want[i];
    if (Number.isNaN(w) || Number.isNaN(g)) {
      if (!(Number.isNaN(w) && Number.isNaN(g))) bad.push(`[${i}] ${g} vs ${w}`);
      continue;
    }
    const scale = Math.max(Math.abs(w), ref ? Math.abs(ref[i]) : 0, floor);
    if (!(Math.abs(g - w) <= rel * scale))
      bad.push(`[${i}] ${g} vs ${w} (tolerance ${rel * scale})`);
  }
  return bad;
}

/** 1e-3 of the largest |x|: the floor for a tensor whose elements may cancel to about 0. */
export const floorOf = (xs: ArrayLike<number>): number => {
  let m = 0;
  for (let i = 0; i < xs.length; i++) m = Math.max(m, Math.abs(xs[i]));
  return 1e-3 * m;
};
