// The image regularizers of feature visualization (Olah et al. 2017, "Feature Visualization";
// Yosinski et al. 2015): jitter (a random circular shift before each step, so the image cannot
// rely on exact pixel positions), blur (a small Gaussian every few steps, a penalty on high
// frequencies), range clipping, and a weight decay pulling the image towards 0.

/** The image circularly shifted by (dy, dx) pixels, per channel plane. */
export function roll(
  image: ArrayLike<number>,
  c: number,
  h: number,
  w: number,
  dy: number,
  dx: number,
): Float32Array {
  const out = new Float32Array(c * h * w);
  const plane = h * w;
  for (let k = 0; k < c; k++)
    for (let y = 0; y < h; y++) {
      const ty = (((y + dy) % h) + h) % h;
      for (let x = 0; x < w; x++) {
        const tx = (((x + dx) % w) + w) % w;
        out[k * plane + ty * w + tx] = image[k * plane + y * w + x];
      }
    }
  return out;
}

/** Separable [1, 2, 1] / 4 blur per channel plane, edges clamped. */
export function blur121(image: ArrayLike<number>, c: number, h: number, w: number): Float32Array {
  const plane = h * w;
  const tmp = new Float32Array(c * plane);
  const out = new Float32Array(c * plane);
  for (let k = 0; k < c; k++) {
    const b = k * plane;
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++) {
        const l = image[b + y * w + Math.max(0, x - 1)];
        const r = image[b + y * w + Math.min(w - 1, x + 1)];
        tmp[b + y * w + x] = 0.25 * l + 0.5 * image[b + y * w + x] + 0.25 * r;
      }
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++) {
        const u = tmp[b + Math.max(0, y - 1) * w + x];
        const d = tmp[b + Math.min(h - 1, y + 1) * w + x];
        out[b + y * w + x] = 0.25 * u + 0.5 * tmp[b + y * w + x] + 0.25 * d;
      }
  }
  return out;
}

/** Box blur of radius r (a (2r+1)² mean, the window clipped at the edges), per channel plane. */
export function boxBlur(
  image: ArrayLike<number>,
  c: number,
  h: number,
  w: number,
  r: number,
): Float32Array {
  const plane = h * w;
  const out = new Float32Array(c * plane);
  for (let k = 0; k < c; k++)
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++) {
        let s = 0;
        let n = 0;
        for (let yy = Math.max(0, y - r); yy <= Math.min(h - 1, y + r); yy++)
          for (let xx = Math.max(0, x - r); xx <= Math.min(w - 1, x + r); xx++) {
            s += image[k * plane + yy * w + xx];
            n++;
          }
        out[k * plane + y * w + x] = s / n;
      }
  return out;
}

export function clip(image: Float32Array, lo: number, hi: number): Float32Array {
  for (let i = 0; i < image.length; i++) image[i] = Math.min(hi, Math.max(lo, image[i]));
  return image;
}
