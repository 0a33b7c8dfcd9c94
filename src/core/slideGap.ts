// One step of global average pooling, for the step view: one channel's H×W values, their sum, the
// divisor H·W and the mean (PyTorch's AdaptiveAvgPool2d(1)). Like pooling, each channel is pooled
// on its own, but the window is the whole map, so a step is a channel, not a position. Sums run
// in float64, as the CPU op's do.

import type { Planes } from './slideConv';

export interface GapStep {
  readonly channel: number;
  /** The channel's H·W values, row-major: values[y·W + x]. */
  readonly values: ArrayLike<number>;
  readonly sum: number;
  /** H·W: every position counts, there is no padding. */
  readonly divisor: number;
  readonly output: number;
}

export function gapStep(x: Planes, channel: number): GapStep {
  const plane = x.h * x.w;
  const values = Array.from({ length: plane }, (_, i) => x.data[channel * plane + i]);
  let sum = 0;
  for (const v of values) sum += v;
  return { channel, values, sum, divisor: plane, output: sum / plane };
}

/** Which terms of a long sum to write out: the first `head`, "…", the last `tail`. */
export interface ElidedTerms {
  readonly head: readonly number[];
  /** How many terms the "…" stands for (0: every term is written). */
  readonly hidden: number;
  readonly tail: readonly number[];
}

/** Indices 0..count−1, all of them when count ≤ max, else head + "…" + tail (head + tail = max). */
export function elideTerms(count: number, max = 9, tail = 2): ElidedTerms {
  const all = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);
  if (count <= max) return { head: all(0, count), hidden: 0, tail: [] };
  const head = max - tail;
  return { head: all(0, head), hidden: count - max, tail: all(count - tail, count) };
}
