// Grad-CAM (Selvaraju et al. 2017), the arithmetic once the layer's activations A and the
// gradients ∂y_c/∂A of the class score are known:
//   α_k = (1 / (H W)) Σ_ij ∂y_c/∂A_kij          (the channel weights: pooled gradients)
//   L   = ReLU(Σ_k α_k A_k)                       (H × W, the layer's resolution)
// and L upsampled bilinearly to the input's size (as F.interpolate(mode='bilinear',
// align_corners=False): pixel centres aligned, edges clamped).

import type { GradCamResult } from './types';

export interface CamResult {
  /** α_k, one per channel of the layer. */
  readonly weights: Float32Array;
  /** ReLU(Σ_k α_k A_k): h × w at the layer's resolution. */
  readonly cam: Float32Array;
}

/** acts, grads: one example's [C, H, W] (C·H·W values each). */
export function gradCamCombine(
  acts: ArrayLike<number>,
  grads: ArrayLike<number>,
  c: number,
  h: number,
  w: number,
): CamResult {
  const plane = h * w;
  if (acts.length !== c * plane || grads.length !== c * plane)
    throw new RangeError(`Grad-CAM needs ${c}×${h}×${w} activations and gradients`);
  const weights = new Float32Array(c);
  for (let k = 0; k < c; k++) {
    let s = 0;
    for (let i = 0; i < plane; i++) s += grads[k * plane + i];
    weights[k] = s / plane;
  }
  const cam = new Float32Array(plane);
  for (let i = 0; i < plane; i++) {
    let s = 0;
    for (let k = 0; k < c; k++) s += weights[k] * acts[k * plane + i];
    cam[i] = Math.max(0, s);
  }
  return { weights, cam };
}

/** Bilinear resize of an h × w map to outH × outW (align_corners = false, edges clamped). */
export function upsampleBilinear(
  map: ArrayLike<number>,
  h: number,
  w: number,
  outH: number,
  outW: number,
): Float32Array {
  const out = new Float32Array(outH * outW);
  const sy = h / outH;
  const sx = w / outW;
  for (let y = 0; y < outH; y++) {
    const fy = Math.max(0, (y + 0.5) * sy - 0.5);
    const y0 = Math.min(h - 1, Math.floor(fy));
    const y1 = Math.min(h - 1, y0 + 1);
    const ty = fy - y0;
    for (let x = 0; x < outW; x++) {
      const fx = Math.max(0, (x + 0.5) * sx - 0.5);
      const x0 = Math.min(w - 1, Math.floor(fx));
      const x1 = Math.min(w - 1, x0 + 1);
      const tx = fx - x0;
      const top = map[y0 * w + x0] * (1 - tx) + map[y0 * w + x1] * tx;
      const bottom = map[y1 * w + x0] * (1 - tx) + map[y1 * w + x1] * tx;
      out[y * outW + x] = top * (1 - ty) + bottom * ty;
    }
  }
  return out;
}

/** Index of the largest value (the first on ties). */
export function argmax(xs: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < xs.length; i++) if (xs[i] > xs[best]) best = i;
  return best;
}

/** The result a UI shows, from the combined weights and cam (types.ts: GradCamResult). */
export function camResult(
  layer: string,
  combined: CamResult,
  camHeight: number,
  camWidth: number,
  height: number,
  width: number,
  scores: Float32Array,
): GradCamResult {
  return {
    layer,
    ...combined,
    camHeight,
    camWidth,
    map: upsampleBilinear(combined.cam, camHeight, camWidth, height, width),
    height,
    width,
    scores: scores.slice(),
  };
}
