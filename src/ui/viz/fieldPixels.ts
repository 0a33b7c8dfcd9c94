// Pixels of a receptive-field picture: the layer (or image) in grey, the dependency counts as a
// heat overlay (log scale: paths multiply along the stack), and the part of the field that falls
// in padding drawn outside the frame.

import { interpolateInferno } from 'd3';
import type { Grid } from '../../core/unitField';

export interface FieldCanvas {
  readonly top: number;
  readonly left: number;
  readonly height: number;
  readonly width: number;
  readonly pixels: Uint8ClampedArray<ArrayBuffer>;
  /** Pixels of the frame with a count > 0. */
  readonly inFrame: number;
}

const rgb = (t: number): [number, number, number] => {
  const m = /rgb\((\d+), ?(\d+), ?(\d+)\)/.exec(interpolateInferno(t));
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [255, 160, 0];
};

/**
 * counts: per frame position (H×W); virtual: the field on an unbounded canvas; base: grey level
 * 0..255 per frame position (the image), or null.
 */
export function fieldCanvas(
  h: number,
  w: number,
  counts: ArrayLike<number>,
  virtual: Grid,
  base: ArrayLike<number> | null,
): FieldCanvas {
  const top = Math.min(0, virtual.top);
  const left = Math.min(0, virtual.left);
  const height = Math.max(h, virtual.top + virtual.height) - top;
  const width = Math.max(w, virtual.left + virtual.width) - left;
  let max = 0;
  for (let i = 0; i < counts.length; i++) max = Math.max(max, counts[i]);
  for (let i = 0; i < virtual.data.length; i++) max = Math.max(max, virtual.data[i]);
  const scale = Math.log1p(max) || 1;
  const px = new Uint8ClampedArray(height * width * 4);
  let inFrame = 0;
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) {
      const y = r + top;
      const x = c + left;
      const o = (r * width + c) * 4;
      const inside = y >= 0 && x >= 0 && y < h && x < w;
      const vy = y - virtual.top;
      const vx = x - virtual.left;
      const v =
        vy >= 0 && vx >= 0 && vy < virtual.height && vx < virtual.width
          ? virtual.data[vy * virtual.width + vx]
          : 0;
      const n = inside ? counts[y * w + x] : v;
      if (inside && n > 0) inFrame++;
      if (n > 0) {
        const [cr, cg, cb] = rgb(0.35 + 0.6 * (Math.log1p(n) / scale));
        const g = inside && base ? base[y * w + x] : 200;
        const a = inside ? 0.75 : 0.5;
        px.set([cr * a + g * (1 - a), cg * a + g * (1 - a), cb * a + g * (1 - a), 255], o);
      } else if (inside) {
        const g = base ? base[y * w + x] * 0.45 + 120 : 235;
        px.set([g, g, g, 255], o);
      } else {
        px.set([0, 0, 0, 0], o);
      }
    }
  }
  return { top, left, height, width, pixels: px, inFrame };
}

/** Grey levels 0..255 of sample 0 of the input (channels averaged, stretched to its range). */
export function greyLevels(data: Float32Array, c: number, plane: number): Float32Array {
  const g = new Float32Array(plane);
  for (let k = 0; k < c; k++) for (let i = 0; i < plane; i++) g[i] += data[k * plane + i] / c;
  let lo = Infinity;
  let hi = -Infinity;
  g.forEach((v) => ((lo = Math.min(lo, v)), (hi = Math.max(hi, v))));
  return g.map((v) => ((v - lo) / (hi - lo || 1)) * 255);
}
