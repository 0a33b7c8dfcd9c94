// The conformance tolerance: |gpu − cpu| ≤ 1e-4 · max(1, |cpu|); NaN must match NaN.
// Returns the first few mismatches, in words (an empty list means equal).

export function closeTo(
  got: ArrayLike<number>,
  want: ArrayLike<number>,
  rel = 1e-4,
  limit = 5,
): string[] {
  const bad: string[] = [];
  if (got.length !== want.length) return [`length ${got.length} ≠ ${want.length}`];
  for (let i = 0; i < want.length && bad.length < limit; i++) {
    const g = got[i];
    const w = want[i];
    if (Number.isNaN(w) ? !Number.isNaN(g) : !(Math.abs(g - w) <= rel * Math.max(1, Math.abs(w)))) {
      bad.push(`[${i}] gpu ${g} vs cpu ${w}`);
    }
  }
  return bad;
}
