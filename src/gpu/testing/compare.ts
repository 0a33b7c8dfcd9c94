// The conformance tolerance: |got − want| ≤ 1e-4 · max(1, |want|); NaN must match NaN and an
// infinity must match exactly (with |want| = ∞ the relative test alone would accept anything
// but the right answer: ∞ − ∞ is NaN). Returns the first few mismatches, in words (an empty
// list means equal).

export function closeTo(
  got: ArrayLike<number>,
  want: ArrayLike<number>,
  rel = 1e-4,
  limit = 5,
  names: readonly [string, string] = ['got', 'want'],
): string[] {
  const bad: string[] = [];
  if (got.length !== want.length) return [`length ${got.length} ≠ ${want.length}`];
  for (let i = 0; i < want.length && bad.length < limit; i++) {
    const g = got[i];
    const w = want[i];
    const ok = Number.isNaN(w)
      ? Number.isNaN(g)
      : !Number.isFinite(w)
        ? g === w
        : Math.abs(g - w) <= rel * Math.max(1, Math.abs(w));
    if (!ok) bad.push(`[${i}] ${names[0]} ${g} vs ${names[1]} ${w}`);
  }
  return bad;
}
