// Saliency maps from the gradient of the class score with respect to the input image:
// - vanilla (Simonyan et al. 2014): M_ij = max_c |∂y/∂x_cij|;
// - SmoothGrad (Smilkov et al. 2017): the gradient averaged over n copies of the image with
//   Gaussian noise of σ = sigma · (max x − min x) added, then reduced as vanilla;
// - gradient × input (Shrikumar et al. 2016): M_ij = Σ_c x_cij ∂y/∂x_cij (signed).

import { createRng } from '../rng';

export type SaliencyKind = 'vanilla' | 'smoothGrad' | 'gradTimesInput';

/** One image's H × W map from its gradient (and the image, for gradient × input), C×H×W each. */
export function saliencyMap(
  kind: SaliencyKind,
  grad: ArrayLike<number>,
  image: ArrayLike<number>,
  c: number,
  h: number,
  w: number,
): Float32Array {
  const plane = h * w;
  const map = new Float32Array(plane);
  for (let i = 0; i < plane; i++) {
    let m = 0;
    for (let k = 0; k < c; k++) {
      const g = grad[k * plane + i];
      m = kind === 'gradTimesInput' ? m + g * image[k * plane + i] : Math.max(m, Math.abs(g));
    }
    map[i] = m;
  }
  return map;
}

/** n noisy copies of `image` (its C×H×W values each), back to back: SmoothGrad's batch. */
export function smoothGradBatch(
  image: ArrayLike<number>,
  n: number,
  sigma: number,
  seed: number,
): Float32Array {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < image.length; i++) {
    lo = Math.min(lo, image[i]);
    hi = Math.max(hi, image[i]);
  }
  const s = sigma * (hi - lo || 1);
  const rng = createRng(seed);
  const out = new Float32Array(n * image.length);
  for (let k = 0; k < n; k++)
    for (let i = 0; i < image.length; i++) out[k * image.length + i] = image[i] + s * rng.normal();
  return out;
}

/** The mean of n back-to-back gradients of `per` values each. */
export function meanOfRows(rows: ArrayLike<number>, n: number, per: number): Float32Array {
  const out = new Float32Array(per);
  for (let k = 0; k < n; k++) for (let i = 0; i < per; i++) out[i] += rows[k * per + i];
  for (let i = 0; i < per; i++) out[i] /= n;
  return out;
}
