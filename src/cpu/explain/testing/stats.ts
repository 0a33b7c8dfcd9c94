// Test support for the explanations: the conformance tolerance (as src/gpu/testing/compare.ts,
// which src/cpu may not import) and Spearman's rank correlation.

/** |got − want| ≤ rel · max(1, |want|) everywhere; the first few mismatches in words. */
export function closeTo(got: ArrayLike<number>, want: ArrayLike<number>, rel = 1e-4): string[] {
  if (got.length !== want.length) return [`length ${got.length} ≠ ${want.length}`];
  const bad: string[] = [];
  for (let i = 0; i < want.length && bad.length < 5; i++)
    if (!(Math.abs(got[i] - want[i]) <= rel * Math.max(1, Math.abs(want[i]))))
      bad.push(`[${i}] ${got[i]} vs ${want[i]}`);
  return bad;
}

/** Ranks 1 … n, ties given their mean rank. */
export function ranks(xs: ArrayLike<number>): Float64Array {
  const idx = Array.from({ length: xs.length }, (_, i) => i).sort((a, b) => xs[a] - xs[b]);
  const r = new Float64Array(xs.length);
  for (let i = 0; i < idx.length;) {
    let j = i;
    while (j + 1 < idx.length && xs[idx[j + 1]] === xs[idx[i]]) j++;
    for (let k = i; k <= j; k++) r[idx[k]] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return r;
}

/** Pearson's correlation of two equally long series. */
export function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i] / n;
    mb += b[i] / n;
  }
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}

/** Spearman's ρ: Pearson's correlation of the ranks (ties at their mean rank). */
export const spearman = (a: ArrayLike<number>, b: ArrayLike<number>) => pearson(ranks(a), ranks(b));
