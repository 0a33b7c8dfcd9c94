// Resizing a picture, one axis at a time (separable).
//   Shrinking an axis: area averaging. Each output pixel is the exact mean of the source strip it
//   covers, fractional pixels weighted by their overlap (PIL's BOX filter, OpenCV's INTER_AREA).
//   That is the antialiasing filter: a 4000×3000 photo shrunk to 32×32 averages every source
//   pixel into exactly one output pixel's mean, so fine detail cannot alias into stripes.
//   Enlarging an axis: bilinear with half-pixel centres (OpenCV INTER_LINEAR, PyTorch
//   interpolate(mode='bilinear', align_corners=False)), clamped at the edges.
//   Same size: the identity.

import { picture, type Picture } from './picture';

/** For one output index: the first source index it reads and the weights from there on. */
export interface Tap {
  readonly first: number;
  readonly weights: readonly number[];
}

/** The taps of every output index along one axis of `src` samples resized to `dst`. */
export function axisTaps(src: number, dst: number): Tap[] {
  if (!(src >= 1 && dst >= 1)) throw new RangeError(`cannot resize ${src} samples to ${dst}`);
  const taps: Tap[] = [];
  if (dst < src) {
    const s = src / dst; // source samples per output sample
    for (let i = 0; i < dst; i++) {
      const lo = i * s;
      const hi = (i + 1) * s;
      const first = Math.floor(lo);
      const last = Math.min(src - 1, Math.ceil(hi) - 1);
      const weights: number[] = [];
      for (let j = first; j <= last; j++) weights.push((Math.min(hi, j + 1) - Math.max(lo, j)) / s);
      taps.push({ first, weights });
    }
    return taps;
  }
  for (let i = 0; i < dst; i++) {
    const x = Math.min(src - 1, Math.max(0, ((i + 0.5) * src) / dst - 0.5));
    const first = Math.floor(x);
    const f = x - first;
    taps.push(first + 1 < src && f > 0 ? { first, weights: [1 - f, f] } : { first, weights: [1] });
  }
  return taps;
}

/** `pic` resized to width × height (see the header for the filter). */
export function resize(pic: Picture, width: number, height: number): Picture {
  const { width: w0, height: h0, channels } = pic;
  if (w0 === width && h0 === height) return pic;
  const tx = axisTaps(w0, width);
  const ty = axisTaps(h0, height);
  // Horizontal pass: channels × h0 × width.
  const mid = new Float32Array(channels * h0 * width);
  for (let c = 0; c < channels; c++)
    for (let y = 0; y < h0; y++) {
      const row = (c * h0 + y) * w0;
      const out = (c * h0 + y) * width;
      for (let x = 0; x < width; x++) {
        const { first, weights } = tx[x];
        let sum = 0;
        for (let k = 0; k < weights.length; k++) sum += weights[k] * pic.data[row + first + k];
        mid[out + x] = sum;
      }
    }
  // Vertical pass: channels × height × width.
  const res = picture(width, height, channels);
  for (let c = 0; c < channels; c++)
    for (let y = 0; y < height; y++) {
      const { first, weights } = ty[y];
      const out = (c * height + y) * width;
      for (let k = 0; k < weights.length; k++) {
        const wk = weights[k];
        const src = (c * h0 + first + k) * width;
        for (let x = 0; x < width; x++) res.data[out + x] += wk * mid[src + x];
      }
    }
  return res;
}
