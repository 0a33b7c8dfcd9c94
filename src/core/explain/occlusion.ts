// Occlusion sensitivity (Zeiler & Fergus 2014): a patch covers part of the image, and the drop
// of the class probability tells how much the prediction needs what it hid. The patch slides
// over the image in raster order (top-left corners 0, s, 2s, … while it fits, and one more flush
// with the far edge when the stride does not land there), so every pixel is covered.

import { boxBlur } from './regularize';

export interface OcclusionOptions {
  /** Side of the square patch, pixels. */
  readonly patch: number;
  readonly stride: number;
  /** 'grey': a constant (value, default 0.5 per channel); 'blur': the image box-blurred. */
  readonly fill?: 'grey' | 'blur';
  readonly value?: number;
}

export interface PatchPosition {
  /** Top-left corner, pixels. */
  readonly y: number;
  readonly x: number;
  readonly row: number;
  readonly col: number;
}

export interface OcclusionGrid {
  readonly rows: number;
  readonly cols: number;
  /** Raster order: the order a UI plays them back in. */
  readonly positions: readonly PatchPosition[];
}

function starts(size: number, patch: number, stride: number): number[] {
  const out: number[] = [];
  for (let p = 0; p + patch <= size; p += stride) out.push(p);
  if (out.at(-1)! + patch < size) out.push(size - patch);
  return out;
}

export function occlusionGrid(h: number, w: number, patch: number, stride: number): OcclusionGrid {
  if (!(Number.isInteger(patch) && patch >= 1 && patch <= Math.min(h, w)))
    throw new RangeError(`the patch must be 1 … ${Math.min(h, w)} pixels, not ${patch}`);
  if (!(Number.isInteger(stride) && stride >= 1))
    throw new RangeError(`the stride must be a whole number of pixels ≥ 1, not ${stride}`);
  const ys = starts(h, patch, stride);
  const xs = starts(w, patch, stride);
  const positions: PatchPosition[] = [];
  ys.forEach((y, row) => xs.forEach((x, col) => positions.push({ y, x, row, col })));
  return { rows: ys.length, cols: xs.length, positions };
}

/** What a patch shows: C×H×W values (a grey constant, or the blurred image). */
export function patchSource(
  image: Float32Array,
  c: number,
  h: number,
  w: number,
  opts: OcclusionOptions,
): Float32Array {
  if ((opts.fill ?? 'grey') === 'blur')
    return boxBlur(image, c, h, w, Math.max(1, Math.floor(opts.patch / 2)));
  return new Float32Array(image.length).fill(opts.value ?? 0.5);
}

/** Writes `image` with the patch at `pos` replaced by `source` into out at offset. */
export function occlude(
  image: Float32Array,
  source: Float32Array,
  c: number,
  h: number,
  w: number,
  pos: PatchPosition,
  patch: number,
  out: Float32Array,
  offset: number,
): void {
  out.set(image, offset);
  const plane = h * w;
  for (let k = 0; k < c; k++)
    for (let y = pos.y; y < pos.y + patch; y++) {
      const row = k * plane + y * w;
      for (let x = pos.x; x < pos.x + patch; x++) out[offset + row + x] = source[row + x];
    }
}

/**
 * The per-pixel heat map: at each pixel, the mean drop of the patches that cover it
 * (drop = baseline probability − probability with the patch).
 */
export function occlusionHeat(
  grid: OcclusionGrid,
  drops: ArrayLike<number>,
  h: number,
  w: number,
  patch: number,
): Float32Array {
  const sum = new Float32Array(h * w);
  const count = new Float32Array(h * w);
  grid.positions.forEach((p, i) => {
    for (let y = p.y; y < p.y + patch; y++)
      for (let x = p.x; x < p.x + patch; x++) {
        sum[y * w + x] += drops[i];
        count[y * w + x]++;
      }
  });
  for (let i = 0; i < sum.length; i++) sum[i] = count[i] > 0 ? sum[i] / count[i] : 0;
  return sum;
}

/** Softmax probability of class `cls` in row `row` of [N, K] scores. */
export function classProbability(scores: ArrayLike<number>, k: number, row: number, cls: number) {
  let m = -Infinity;
  for (let j = 0; j < k; j++) m = Math.max(m, scores[row * k + j]);
  let s = 0;
  for (let j = 0; j < k; j++) s += Math.exp(scores[row * k + j] - m);
  return Math.exp(scores[row * k + cls] - m) / s;
}
