// A histogram's bars for a small SVG: bin i of `counts` across the width, its height in
// proportion to the count (linear from 0, so bins compare by area), an empty bin drawn as nothing.

import { scaleLinear } from 'd3';

export interface Bar {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** Bars of `counts` in a width × height box (y down, the base at `height`); 0.5 px gaps. */
export function histogramBars(counts: readonly number[], width: number, height: number): Bar[] {
  const x = scaleLinear().domain([0, counts.length]).range([0, width]);
  const y = scaleLinear()
    .domain([0, Math.max(1, ...counts)])
    .range([height, 0]);
  return counts.map((c, i) => ({
    x: x(i),
    y: y(c),
    width: Math.max(0.5, x(i + 1) - x(i) - 0.5),
    height: height - y(c),
  }));
}

/** Where value v falls on a histogram's axis of `bins` bins over [lo, hi] (log10 when asked). */
export function histogramX(v: number, lo: number, hi: number, width: number, log: boolean): number {
  const at = log ? Math.log10(Math.abs(v)) : v;
  return scaleLinear().domain([lo, hi]).range([0, width]).clamp(true)(at);
}
