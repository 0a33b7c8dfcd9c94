// The statistics a normalization layer pools, for the step view: batch norm pools one channel
// over the batch and H×W; layer norm pools one sample over C×H×W. Variance is the biased one
// (divide by the count), as PyTorch normalizes with.

export interface NormPool {
  readonly mean: number;
  readonly variance: number;
  /** How many values were pooled. */
  readonly count: number;
}

type Shape4 = readonly [number, number, number, number];

function pool(data: ArrayLike<number>, indices: Iterable<number>): NormPool {
  let sum = 0;
  let sq = 0;
  let count = 0;
  for (const i of indices) {
    sum += data[i];
    sq += data[i] * data[i];
    count++;
  }
  const mean = sum / count;
  return { mean, variance: Math.max(0, sq / count - mean * mean), count };
}

function* range(start: number, length: number) {
  for (let i = 0; i < length; i++) yield start + i;
}

/** Batch norm, channel c: every sample's H×W plane of that channel. */
export function batchNormPool(data: ArrayLike<number>, [n, c, h, w]: Shape4, channel: number) {
  const plane = h * w;
  return pool(
    data,
    (function* () {
      for (let s = 0; s < n; s++) yield* range((s * c + channel) * plane, plane);
    })(),
  );
}

/** Layer norm, sample s: its whole C×H×W. */
export function layerNormPool(data: ArrayLike<number>, [, c, h, w]: Shape4, sample: number) {
  return pool(data, range(sample * c * h * w, c * h * w));
}

/** (x − μ) / √(σ² + ε) */
export const normalizeValue = (x: number, mean: number, variance: number, eps: number): number =>
  (x - mean) / Math.sqrt(variance + eps);
