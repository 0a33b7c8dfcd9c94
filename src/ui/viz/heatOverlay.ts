// A heat map laid over the input image: the image in its own colours (gray for one channel),
// and on top the heat's positive part, normalized by its largest value, in a warm colour scale
// whose alpha grows with the heat (so cold pixels leave the image visible) times the opacity.

import { color, interpolateInferno } from 'd3';
import { imagePixels } from './colormap';

const LUT = Array.from({ length: 256 }, (_, i) => {
  const c = color(interpolateInferno(0.25 + (0.75 * i) / 255))!.rgb();
  return [c.r, c.g, c.b] as const;
});

/** The heat's largest positive value (0 when none is positive). */
export function heatMax(heat: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < heat.length; i++) if (heat[i] > m) m = heat[i];
  return m;
}

/**
 * RGBA pixels of the image (C×H×W) with `heat` (H×W) over it. Each pixel mixes toward the
 * heat colour by opacity × heat / max(heat), so with opacity 0 the image is unchanged and at
 * the hottest pixel with opacity 1 only the heat colour shows.
 */
export function overlayPixels(
  image: ArrayLike<number>,
  c: number,
  h: number,
  w: number,
  heat: ArrayLike<number>,
  opacity: number,
  /** The heat drawn at full strength (default: the largest): a fixed scale keeps noise faint. */
  max = heatMax(heat),
): Uint8ClampedArray<ArrayBuffer> {
  const px = imagePixels(image, c, h, w);
  const m = max;
  if (m === 0 || opacity === 0) return px;
  for (let i = 0; i < h * w; i++) {
    const t = Math.min(1, Math.max(0, heat[i]) / m);
    const a = opacity * t;
    const [r, g, b] = LUT[Math.round(t * 255)];
    px[i * 4] = px[i * 4] * (1 - a) + r * a;
    px[i * 4 + 1] = px[i * 4 + 1] * (1 - a) + g * a;
    px[i * 4 + 2] = px[i * 4 + 2] * (1 - a) + b * a;
  }
  return px;
}

/** The hottest pixel, as the panel names it ('row 12, column 20'). */
export function hottest(heat: ArrayLike<number>, w: number): { y: number; x: number } {
  let best = 0;
  for (let i = 1; i < heat.length; i++) if (heat[i] > heat[best]) best = i;
  return { y: Math.floor(best / w), x: best % w };
}
