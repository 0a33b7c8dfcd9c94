// The exact dependency set of one unit: for the input and every upstream layer, which
// (channel, y, x) the unit reads and through how many distinct paths. Back-projected layer by
// layer in reverse topological order. Channels that share one spatial map are stored once (a
// segment), so a deep unit of VGG-16/ResNet-50 at 224×224 costs a few maps per layer, not C.
// Paths: a conv tap is one path per (output unit, input channel of its group, tap); paths
// multiply along a chain and add over branches. Counts are float64: a deep ResNet-50 unit
// reaches ~1e136 paths per pixel, far below the ~1.8e308 where they would become Infinity.
// Next to the real counts a "virtual" map is propagated on an unbounded canvas: the field had
// the image extended, so the UI can draw the part that falls in padding outside the frame.
// The map and segment machinery (Grid, Segment, projection, merging) is in fieldGrid.ts.

import {
  bounds,
  channelSum,
  crop,
  everything,
  frameGrid,
  frameOf,
  merge,
  project,
  sumGrids,
  sumMaps,
  unflatten,
  virtualSum,
  type Box,
  type Frame,
  type Grid,
  type Segment,
} from './fieldGrid';
import type { Inference, OkShape } from './infer';
import { INPUT_ID, type Network, type PaddingMode } from './layers';

export type { Box, Grid, Segment } from './fieldGrid';

/** For flat [N, F] layers c is the feature index and y = x = 0. */
export type UnitRef = Readonly<{ layerId: string; c: number; y: number; x: number }>;

export interface LayerDependency {
  readonly id: string;
  /** Size of the layer's output; flat [N, F] layers are F × 1 × 1. */
  readonly channels: number;
  readonly height: number;
  readonly width: number;
  /** Sorted, disjoint channel ranges. Arrays may be shared between layers: read-only. */
  readonly segments: readonly Segment[];
  /** Bounding box of the in-frame positions some channel depends on; null when none. */
  readonly bbox: Box | null;
  /** Distinct in-frame spatial positions some channel depends on. */
  readonly pixelCount: number;
  /** Virtual counts summed over channels, cropped to the non-zero part (its extent = the field). */
  readonly virtual: Grid;
  /** Bounding box of the positions outside the frame that the virtual field reaches. */
  readonly paddingBox: Box | null;
  /** Those positions, sparse: y0, x0, y1, x1, … (their counts are in `virtual`). */
  readonly padding: Int32Array;
}

export interface UnitField {
  /** Keyed by layer id and 'input'; every ancestor of the unit is present, even if empty. */
  readonly layers: Map<string, LayerDependency>;
  /** Why the field could not be computed (layer not ok, unit out of range); null on success. */
  readonly problem: string | null;
}

/** Conv and pooling: each output channel reads the input channels of its group. */
function throughWindow(s: OkShape, segs: readonly Segment[]): Segment[] {
  const win = s.window;
  if (!win) return [];
  const mode: PaddingMode = s.layer.kind === 'conv2d' ? s.layer.paddingMode : 'zeros';
  const n = win.h.size * win.w.size;
  const real = (m: Float64Array) =>
    project(frameGrid(frameOf(s.shape), m), win.h, win.w, mode, true).data;
  const virtual = (g: Grid) => project(g, win.h, win.w, mode, false);
  if (win.groups === 1) {
    // Linear in the counts: add the channels first, then project once.
    const counts = real(channelSum(segs, win.h.out * win.w.out));
    return [{ c0: 0, c1: win.inChannels, counts, virtual: virtual(virtualSum(segs)) }];
  }
  const [inPer, outPer] = [win.inChannels / win.groups, win.outChannels / win.groups];
  const out: Segment[] = [];
  for (const g of segs) {
    const [counts, virt] = [real(g.counts), virtual(g.virtual)];
    // Runs of groups with the same number k of covered output channels: ≤ 3 runs per segment.
    for (let grp = Math.floor(g.c0 / outPer); grp * outPer < g.c1;) {
      const k = Math.min(g.c1, (grp + 1) * outPer) - Math.max(g.c0, grp * outPer);
      const end = k === outPer ? Math.floor(g.c1 / outPer) : grp + 1;
      const v = sumGrids([[virt, k]]);
      out.push({ c0: grp * inPer, c1: end * inPer, counts: sumMaps([[counts, k]], n), virtual: v });
      grp = end;
    }
  }
  return out;
}

/** The contributions of layer s's dependency to each of its inputs, in input order. */
function backward(s: OkShape, segs: readonly Segment[]): Segment[][] {
  const inF = frameOf(s.inputShapes[0]);
  const rank4 = s.inputShapes[0].length === 4;
  // Paths into a layer that reads all of its input: one per (output unit, input unit).
  const all = () => {
    const total = segs.reduce((t, g) => t + (g.c1 - g.c0) * g.counts.reduce((a, b) => a + b), 0);
    return [[everything(0, inF[0], inF, total)]];
  };
  switch (s.layer.kind) {
    case 'conv2d':
    case 'maxPool2d':
    case 'avgPool2d':
      return [throughWindow(s, segs)];
    case 'batchNorm': // inference semantics: per-channel affine, elementwise
    case 'activation':
    case 'dropout': // identity at inference
      return [[...segs]];
    case 'add':
      return s.inputs.map(() => [...segs]);
    case 'concat': {
      let offset = 0;
      return s.inputShapes.map((shape) => {
        const [lo, hi] = [offset, (offset += shape[1])];
        return segs
          .filter((g) => g.c1 > lo && g.c0 < hi)
          .map((g) => ({ ...g, c0: Math.max(g.c0, lo) - lo, c1: Math.min(g.c1, hi) - lo }));
      });
    }
    case 'globalAvgPool': // same channel, every position
      return [segs.map((g) => everything(g.c0, g.c1, inF, g.counts[0]))];
    case 'flatten':
      return rank4 ? [segs.flatMap((g) => unflatten(g.c0, g.c1, g.counts[0], inF))] : [[...segs]];
    case 'softmax': {
      if (!rank4) return all();
      // Over the channels of each position: every channel, same position.
      const counts = channelSum(segs, inF[1] * inF[2]);
      return [[{ c0: 0, c1: inF[0], counts, virtual: virtualSum(segs) }]];
    }
    case 'linear':
    case 'layerNorm':
      return all();
  }
}

function summarize(id: string, f: Frame, segments: Segment[]): LayerDependency {
  const [channels, height, width] = f;
  const mask = spatialMask({ height, width, segments });
  const virtual = crop(virtualSum(segments));
  const { top, left } = virtual;
  const padding: number[] = [];
  const outside = virtual.data.map((v, i) => {
    const [y, x] = [top + Math.floor(i / virtual.width), left + (i % virtual.width)];
    if (v === 0 || (y >= 0 && y < height && x >= 0 && x < width)) return 0;
    padding.push(y, x);
    return v;
  });
  const o = bounds(outside, virtual.width);
  const paddingBox = o && {
    top: o.top + top,
    left: o.left + left,
    bottom: o.bottom + top,
    right: o.right + left,
  };
  const pixelCount = mask.reduce((a, m) => a + m, 0);
  const common = { id, channels, height, width, segments, bbox: bounds(mask, width), pixelCount };
  return { ...common, virtual, paddingBox, padding: Int32Array.from(padding) };
}

const failed = (problem: string): UnitField => ({ layers: new Map(), problem });

/** Which input pixels and upstream units `unit` depends on, with exact path counts. */
export function unitField(network: Network, inference: Inference, unit: UnitRef): UnitField {
  const { layerId, c, y, x } = unit;
  const target = inference.byId.get(layerId);
  if (!target) return failed(`there is no layer '${layerId}'`);
  if (inference.layers.length !== network.layers.length) return failed('shapes are out of date');
  if (target.status === 'blocked') return failed(`'${layerId}' is ${target.message}`);
  if (target.status === 'error') return failed(`'${layerId}': ${target.error.message}`);
  const f = frameOf(target.shape);
  const ok = (v: number, n: number) => Number.isInteger(v) && v >= 0 && v < n;
  if (!ok(c, f[0]) || !ok(y, f[1]) || !ok(x, f[2])) {
    return failed(`unit (${c}, ${y}, ${x}) is outside '${layerId}' (${f.join('×')})`);
  }
  // Ancestors of the unit's layer: only paths that end at the unit count.
  const wanted = new Set<string>([layerId]);
  const stack = [layerId];
  for (let id = stack.pop(); id !== undefined; id = stack.pop()) {
    for (const src of inference.byId.get(id)?.inputs ?? []) {
      if (!wanted.has(src)) stack.push(src);
      wanted.add(src);
    }
  }
  const counts = new Float64Array(f[1] * f[2]);
  counts[y * f[2] + x] = 1;
  const virtual = { top: y, left: x, height: 1, width: 1, data: Float64Array.of(1) };
  const pending = new Map<string, Segment[]>([[layerId, [{ c0: c, c1: c + 1, counts, virtual }]]]);
  const layers = new Map<string, LayerDependency>();
  for (let i = inference.layers.length - 1; i >= 0; i--) {
    const s = inference.layers[i];
    if (!wanted.has(s.id) || s.status !== 'ok') continue; // ancestors of an ok layer are ok
    const segs = merge(pending.get(s.id) ?? []);
    layers.set(s.id, summarize(s.id, frameOf(s.shape), segs));
    if (segs.length === 0) continue;
    backward(s, segs).forEach((part, k) => {
      pending.set(s.inputs[k], (pending.get(s.inputs[k]) ?? []).concat(part));
    });
  }
  const inputSegs = merge(pending.get(INPUT_ID) ?? []);
  layers.set(INPUT_ID, summarize(INPUT_ID, frameOf(inference.inputShape), inputSegs));
  return { layers, problem: null };
}

/** H × W, 1 where any channel depends on the position. */
export function spatialMask(
  dep: Pick<LayerDependency, 'height' | 'width' | 'segments'>,
): Uint8Array {
  const mask = new Uint8Array(dep.height * dep.width);
  for (const s of dep.segments)
    for (let i = 0; i < mask.length; i++) if (s.counts[i] > 0) mask[i] = 1;
  return mask;
}

/** H × W path counts summed over channels. */
export const spatialCounts = (dep: LayerDependency): Float64Array =>
  channelSum(dep.segments, dep.height * dep.width).slice();

/** Paths from the unit to (c, y, x) of this layer; 0 when it does not depend on it. */
export function countAt(dep: LayerDependency, c: number, y: number, x: number): number {
  const s = dep.segments.find((g) => g.c0 <= c && c < g.c1);
  return s ? s.counts[y * dep.width + x] : 0;
}
