// Spatial maps and channel segments for unitField: the data structures its back-projection
// carries from layer to layer and the pure operations on them. A Grid is a count map on an offset
// canvas (it may reach outside the frame, into padding); a Segment is a run of channels that share
// one map. Here: summing maps and grids, projecting counts back through a conv/pool window (real,
// clipped to the frame, or virtual, on an unbounded canvas), merging overlapping channel ranges,
// whole-input and flatten segments, and bounding boxes/cropping. Nothing here knows about layer
// kinds or networks; the per-layer rules live in unitField.ts, which re-exports the types.

import type { PaddingMode } from './layers';
import { tapPosition, type AxisInfo, type Shape } from './shape';
import { padIndex } from './slide';

/** Counts on an offset canvas: layer rows top..top+height-1, columns left..; data row-major. */
export type Grid = Readonly<{
  top: number;
  left: number;
  height: number;
  width: number;
  data: Float64Array;
}>;

/**
 * Channels [c0, c1) that share one spatial map. counts: paths reaching each in-frame position of
 * ONE channel, row-major over the layer's H × W. virtual: the same for an image without borders
 * (padding neither dropped nor remapped), on an offset canvas.
 */
export type Segment = Readonly<{ c0: number; c1: number; counts: Float64Array; virtual: Grid }>;

/** Inclusive, in the layer's own grid coordinates (pixels for the input). */
export type Box = Readonly<{ top: number; left: number; bottom: number; right: number }>;

export type Frame = readonly [number, number, number]; // [C, H, W]
export const frameOf = (s: Shape): Frame => (s.length === 4 ? [s[1], s[2], s[3]] : [s[1], 1, 1]);
export const EMPTY: Grid = { top: 0, left: 0, height: 0, width: 0, data: new Float64Array(0) };
export const frameGrid = (f: Frame, data: Float64Array): Grid => ({
  ...EMPTY,
  height: f[1],
  width: f[2],
  data,
});

/** Σ k · map over maps of length n (no copy for a single map with k = 1). */
export function sumMaps(
  parts: readonly (readonly [Float64Array, number])[],
  n: number,
): Float64Array {
  if (parts.length === 1 && parts[0][1] === 1) return parts[0][0];
  const out = new Float64Array(n);
  for (const [a, k] of parts) for (let i = 0; i < n; i++) out[i] += k * a[i];
  return out;
}

/** Σ k · grid on the union canvas. */
export function sumGrids(parts: readonly (readonly [Grid, number])[]): Grid {
  if (parts.length === 0) return EMPTY;
  if (parts.length === 1 && parts[0][1] === 1) return parts[0][0];
  const top = Math.min(...parts.map(([g]) => g.top));
  const left = Math.min(...parts.map(([g]) => g.left));
  const height = Math.max(...parts.map(([g]) => g.top + g.height)) - top;
  const width = Math.max(...parts.map(([g]) => g.left + g.width)) - left;
  const data = new Float64Array(height * width);
  for (const [g, k] of parts) {
    for (let r = 0; r < g.height; r++) {
      const row = (g.top - top + r) * width + g.left - left;
      for (let c = 0; c < g.width; c++) data[row + c] += k * g.data[r * g.width + c];
    }
  }
  return { top, left, height, width, data };
}

export const channelSum = (segs: readonly Segment[], n: number): Float64Array =>
  sumMaps(
    segs.map((s) => [s.counts, s.c1 - s.c0] as const),
    n,
  );
export const virtualSum = (segs: readonly Segment[]): Grid =>
  sumGrids(segs.map((s) => [s.virtual, s.c1 - s.c0] as const));

/** Input index read by tap k of output o; null when the tap reads zero/-inf padding. */
function tap(a: AxisInfo, mode: PaddingMode, o: number, k: number, real: boolean): number | null {
  const i = tapPosition(a, o, k);
  if (!real) return i;
  const src = padIndex(i, a.size, mode);
  return src < 0 ? null : src;
}

/**
 * Transposed window with an all-ones kernel: every output count is added to each input cell its
 * window taps (i = o·S − P_begin + k·D). Separable, since the kernel is ones: columns, then rows.
 * real: clip to the input frame (zero padding drops, replicate/reflect remap to the source pixel).
 */
export function project(
  src: Grid,
  h: AxisInfo,
  w: AxisInfo,
  mode: PaddingMode,
  real: boolean,
): Grid {
  const top = real ? 0 : src.top * h.stride - h.padBegin;
  const height = real ? h.size : (src.height - 1) * h.stride + h.span;
  const left = real ? 0 : src.left * w.stride - w.padBegin;
  const width = real ? w.size : (src.width - 1) * w.stride + w.span;
  const tmp = new Float64Array(src.height * width);
  for (let r = 0; r < src.height; r++) {
    for (let c = 0; c < src.width; c++) {
      const v = src.data[r * src.width + c];
      if (v === 0) continue;
      for (let k = 0; k < w.kernel; k++) {
        const i = tap(w, mode, src.left + c, k, real);
        if (i !== null) tmp[r * width + i - left] += v;
      }
    }
  }
  const data = new Float64Array(height * width);
  for (let r = 0; r < src.height; r++) {
    for (let k = 0; k < h.kernel; k++) {
      const i = tap(h, mode, src.top + r, k, real);
      if (i === null) continue;
      const to = (i - top) * width;
      for (let c = 0; c < width; c++) data[to + c] += tmp[r * width + c];
    }
  }
  return { top, left, height, width, data };
}

/** Canonical form: split overlapping ranges at every boundary and add their counts. */
export function merge(parts: readonly Segment[]): Segment[] {
  if (parts.length <= 1) return [...parts];
  const cuts = [...new Set(parts.flatMap((p) => [p.c0, p.c1]))].sort((a, b) => a - b);
  const out: Segment[] = [];
  let prevKey = '';
  for (let i = 0; i + 1 < cuts.length; i++) {
    const [c0, c1] = [cuts[i], cuts[i + 1]];
    const cover = parts.filter((p) => p.c0 <= c0 && p.c1 >= c1);
    const key = cover.map((p) => parts.indexOf(p)).join(',');
    if (cover.length > 0 && key === prevKey) {
      out[out.length - 1] = { ...out[out.length - 1], c1 }; // same sources: same counts
    } else if (cover.length > 0) {
      const n = cover[0].counts.length;
      const counts = sumMaps(
        cover.map((p) => [p.counts, 1] as const),
        n,
      );
      out.push({ c0, c1, counts, virtual: sumGrids(cover.map((p) => [p.virtual, 1] as const)) });
    }
    prevKey = key;
  }
  return out;
}

/** Channels [c0, c1) of the whole input, each position reached `total` times. */
export function everything(c0: number, c1: number, f: Frame, total: number): Segment {
  const counts = new Float64Array(f[1] * f[2]).fill(total);
  return { c0, c1, counts, virtual: frameGrid(f, counts) }; // no borders to extend past
}

/** Features [f0, f1) of a flatten, each reached m times, back on the C × H × W input. */
export function unflatten(f0: number, f1: number, m: number, f: Frame): Segment[] {
  const hw = f[1] * f[2];
  const out: Segment[] = [];
  for (let c0 = Math.floor(f0 / hw); c0 * hw < f1;) {
    const [from, to] = [Math.max(f0 - c0 * hw, 0), Math.min(f1 - c0 * hw, hw)];
    // Whole channels in a row share one map: the middle of the range is a single segment.
    const c1 = from === 0 && to === hw ? Math.floor(f1 / hw) : c0 + 1;
    const counts = new Float64Array(hw).fill(m, from, to);
    out.push({ c0, c1, counts, virtual: frameGrid(f, counts) });
    c0 = c1;
  }
  return out;
}

/** Bounding box of the non-zero cells of a row-major map of the given width. */
export function bounds(data: ArrayLike<number>, width: number): Box | null {
  let [top, left, bottom, right] = [Infinity, Infinity, -1, -1];
  for (let i = 0; i < data.length; i++) {
    if (data[i] === 0) continue;
    const [y, x] = [Math.floor(i / width), i % width];
    [top, bottom] = [Math.min(top, y), Math.max(bottom, y)];
    [left, right] = [Math.min(left, x), Math.max(right, x)];
  }
  return bottom < 0 ? null : { top, left, bottom, right };
}

/** The non-zero part of a grid. */
export function crop(g: Grid): Grid {
  const b = bounds(g.data, g.width);
  if (!b) return EMPTY;
  const [height, width] = [b.bottom - b.top + 1, b.right - b.left + 1];
  const data = new Float64Array(height * width);
  for (let r = 0; r < height; r++) {
    const from = (b.top + r) * g.width + b.left;
    data.set(g.data.subarray(from, from + width), r * width);
  }
  return { top: g.top + b.top, left: g.left + b.left, height, width, data };
}
