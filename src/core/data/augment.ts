// Augmentation as a dataset wrapper: every example of a dataset, `copies` times, each copy moved
// by a small random affine map — a shift, a turn and a scaling about the centre — sampled
// bilinearly, the uncovered border filled with 0 (MNIST's black). Pure and seeded like the sets
// it wraps: example j is always the same picture — example j mod n of the source under the map
// drawn from a generator seeded by (seed, j) — so a training run over it is reproducible. With
// copies = E and one trainer epoch, each of the E passes over a source example sees it moved
// differently (the trainer shuffles all n·E together). A whole-pixel shift alone (no turn, no
// scaling) copies pixels exactly.

import { createRng } from '../rng';
import type { Dataset } from './dataset';

export interface AugmentOptions {
  /** How many moved copies of each example (the wrapped set has n · copies examples). */
  readonly copies: number;
  readonly seed: number;
  /** Largest shift in pixels along each axis: dx, dy uniform in −maxShift … maxShift. */
  readonly maxShift: number;
  /** Whole-pixel shifts only (default true); false draws fractional ones. */
  readonly wholePixels?: boolean;
  /** Largest turn in degrees, either way (default 0). */
  readonly maxTurn?: number;
  /** Largest relative change of size: scale uniform in 1 ± maxScale (default 0). */
  readonly maxScale?: number;
}

export interface Move {
  readonly dx: number;
  readonly dy: number;
  /** Radians, clockwise on screen (y points down). */
  readonly turn: number;
  readonly scale: number;
}

/** The move of example j. */
export function moveOf(opts: AugmentOptions, j: number): Move {
  const rng = createRng((opts.seed * 0x9e3779b1) ^ Math.imul(j + 1, 0x85ebca6b));
  const s = opts.maxShift;
  const shift = () =>
    opts.wholePixels === false
      ? (2 * rng.next() - 1) * s
      : Math.floor(rng.next() * (2 * s + 1)) - s;
  const dx = shift();
  const dy = shift();
  const turn = ((2 * rng.next() - 1) * (opts.maxTurn ?? 0) * Math.PI) / 180;
  const scale = 1 + (2 * rng.next() - 1) * (opts.maxScale ?? 0);
  return { dx, dy, turn, scale };
}

/** Writes `src` (C×h×w) moved by `m` into `out` at `offset`: bilinear, 0 outside. */
export function applyMove(
  src: Float32Array,
  shape: readonly [number, number, number],
  m: Move,
  out: Float32Array,
  offset: number,
): void {
  const [c, h, w] = shape;
  const plane = h * w;
  out.fill(0, offset, offset + c * plane);
  if (m.turn === 0 && m.scale === 1 && Number.isInteger(m.dx) && Number.isInteger(m.dy)) {
    for (let ch = 0; ch < c; ch++)
      for (let y = Math.max(0, m.dy); y < Math.min(h, h + m.dy); y++) {
        const to = offset + ch * plane + y * w;
        const from = ch * plane + (y - m.dy) * w;
        for (let x = Math.max(0, m.dx); x < Math.min(w, w + m.dx); x++)
          out[to + x] = src[from + x - m.dx];
      }
    return;
  }
  // Output pixel centre p maps back to the source point R(−turn)·(p − centre − d) / scale + centre.
  const cx = (w - 1) / 2;
  const cy = (h - 1) / 2;
  const cos = Math.cos(m.turn) / m.scale;
  const sin = Math.sin(m.turn) / m.scale;
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const u = x - cx - m.dx;
      const v = y - cy - m.dy;
      const sx = cos * u + sin * v + cx;
      const sy = -sin * u + cos * v + cy;
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      if (x0 < -1 || y0 < -1 || x0 >= w || y0 >= h) continue;
      const fx = sx - x0;
      const fy = sy - y0;
      for (let ch = 0; ch < c; ch++) {
        const base = ch * plane;
        const at = (yy: number, xx: number) =>
          yy >= 0 && yy < h && xx >= 0 && xx < w ? src[base + yy * w + xx] : 0;
        const top = at(y0, x0) * (1 - fx) + at(y0, x0 + 1) * fx;
        const bottom = at(y0 + 1, x0) * (1 - fx) + at(y0 + 1, x0 + 1) * fx;
        out[offset + base + y * w + x] = top * (1 - fy) + bottom * fy;
      }
    }
}

export function augmented(d: Dataset, opts: AugmentOptions): Dataset {
  if (!(opts.maxShift >= 0) || (opts.wholePixels !== false && !Number.isInteger(opts.maxShift)))
    throw new RangeError(`a whole-pixel shift is a whole number ≥ 0, not ${opts.maxShift}`);
  if (!Number.isInteger(opts.copies) || opts.copies < 1)
    throw new RangeError(`copies must be a whole number ≥ 1, not ${opts.copies}`);
  if (!((opts.maxScale ?? 0) >= 0 && (opts.maxScale ?? 0) < 1))
    throw new RangeError(`a scale change is in [0, 1), not ${opts.maxScale}`);
  const scratch = new Float32Array(d.shape[0] * d.shape[1] * d.shape[2]);
  const what = [
    `shift ±${opts.maxShift} px`,
    opts.maxTurn ? `turn ±${opts.maxTurn}°` : '',
    opts.maxScale ? `scale ±${Math.round(opts.maxScale * 100)}%` : '',
  ].filter(Boolean);
  return {
    ...d,
    name: `${d.name}, ${what.join(', ')} ×${opts.copies}`,
    size: d.size * opts.copies,
    example(j, out, offset) {
      const label = d.example(j % d.size, scratch, 0);
      applyMove(scratch, d.shape, moveOf(opts, j), out, offset);
      return label;
    },
  };
}
