// The numbers behind the training studio's health check, for one tensor: a summary (mean, std,
// largest magnitude, L2 norm, RMS) and two kinds of histogram. Sums are float64, whatever the
// tensor's precision; NaN and ±∞ are counted apart, never summed (one NaN must not hide the rest).
//
// Why two histograms:
// - Weights: linear bins over a range symmetric about 0, [−m, m] with m = max|w|. Weights start
//   bounded (uniform or normal with std ~ 1/√fan_in) and stay within an order of magnitude, so a
//   linear axis shows their shape; symmetry keeps 0 in the middle, so a drift, a skew or a
//   collapse towards 0 is visible at a glance. Using the true maximum (not a quantile) means no
//   value is clamped and the range label is exact.
// - Gradients: bins over log10|g| on a FIXED range, 1e-12 … 1e2, two per decade. Gradients span
//   many orders of magnitude (a vanishing layer's are 1e-9 next to another's 1e-2), their sign is
//   mostly noise, and what the check is about is their size. A fixed range puts every layer on
//   the same axis, so a vanishing layer is visibly shifted to the left of the others. Values
//   outside fall into the end bins; exact zeros (a ReLU that did not fire, a max-pool loser)
//   have no logarithm and are counted apart.

/** Linear bins of a weight histogram. */
export const VALUE_BINS = 24;
/** log10|g| range of the gradient histograms (decades). */
export const MAGNITUDE_RANGE: readonly [number, number] = [-12, 2];
/** Bins per decade of the gradient histograms. */
export const BINS_PER_DECADE = 2;

export interface Summary {
  /** Finite values counted. */
  readonly count: number;
  readonly mean: number;
  /** Population standard deviation (divided by count). */
  readonly std: number;
  readonly maxAbs: number;
  /** ‖x‖₂. */
  readonly norm: number;
  /** ‖x‖₂ / √count: the typical size of one element, comparable between tensors of any size. */
  readonly rms: number;
  /** NaN and ±∞ values (left out of every number above). */
  readonly nonFinite: number;
}

export interface Histogram {
  /** 'linear': bins of x over [lo, hi]; 'log10': bins of log10|x| over [lo, hi]. */
  readonly scale: 'linear' | 'log10';
  readonly lo: number;
  readonly hi: number;
  readonly counts: readonly number[];
  /** Exact zeros ('log10' only: they have no bin). */
  readonly zeros: number;
  readonly nonFinite: number;
}

export function summarize(x: ArrayLike<number>): Summary {
  let count = 0;
  let sum = 0;
  let sq = 0;
  let maxAbs = 0;
  let nonFinite = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (!Number.isFinite(v)) {
      nonFinite++;
      continue;
    }
    count++;
    sum += v;
    sq += v * v;
    const a = Math.abs(v);
    if (a > maxAbs) maxAbs = a;
  }
  const mean = count ? sum / count : 0;
  // Var = E[(x − mean)²], a second pass: E[x²] − mean² cancels badly when |mean| ≫ std.
  let dev = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (Number.isFinite(v)) dev += (v - mean) * (v - mean);
  }
  const norm = Math.sqrt(sq);
  return {
    count,
    mean,
    std: count ? Math.sqrt(dev / count) : 0,
    maxAbs,
    norm,
    rms: count ? norm / Math.sqrt(count) : 0,
    nonFinite,
  };
}

/** Linear bins over [−m, m], m = max|x| (1 when every value is 0); bin i = [lo + i·w, lo + (i+1)·w). */
export function valueHistogram(x: ArrayLike<number>, bins = VALUE_BINS): Histogram {
  let m = 0;
  for (let i = 0; i < x.length; i++) if (Number.isFinite(x[i])) m = Math.max(m, Math.abs(x[i]));
  if (m === 0) m = 1;
  const counts = new Array<number>(bins).fill(0);
  const width = (2 * m) / bins;
  let nonFinite = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (!Number.isFinite(v)) {
      nonFinite++;
      continue;
    }
    counts[Math.min(bins - 1, Math.max(0, Math.floor((v + m) / width)))]++;
  }
  return { scale: 'linear', lo: -m, hi: m, counts, zeros: 0, nonFinite };
}

/** Bins of log10|x| over `range` (decades), `perDecade` each; zeros and non-finite apart. */
export function magnitudeHistogram(
  x: ArrayLike<number>,
  range: readonly [number, number] = MAGNITUDE_RANGE,
  perDecade = BINS_PER_DECADE,
): Histogram {
  const [lo, hi] = range;
  const bins = Math.round((hi - lo) * perDecade);
  const counts = new Array<number>(bins).fill(0);
  let zeros = 0;
  let nonFinite = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (!Number.isFinite(v)) nonFinite++;
    else if (v === 0) zeros++;
    else {
      const k = Math.floor((Math.log10(Math.abs(v)) - lo) * perDecade);
      counts[Math.min(bins - 1, Math.max(0, k))]++;
    }
  }
  return { scale: 'log10', lo, hi, counts, zeros, nonFinite };
}

/** ‖a − b‖₂ in float64 (the size of one step's update, from the parameters before and after). */
export function diffNorm(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new RangeError(`lengths differ: ${a.length} ≠ ${b.length}`);
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    const d = a[i] - b[i];
    s += d * d;
  }
  return Math.sqrt(s);
}
