// Colour scales for feature maps (d3-scale-chromatic): sequential for non-negative values,
// diverging and centred on 0 for signed ones; and the pixels of a heatmap.

import { interpolateRdBu, interpolateViridis } from 'd3';

export interface ColorScale {
  readonly kind: 'sequential' | 'diverging';
  readonly min: number;
  readonly max: number;
  /** CSS colour of a value. */
  readonly color: (v: number) => string;
  /** [r, g, b] 0..255 of a value. */
  readonly rgb: (v: number) => readonly [number, number, number];
}

const LUT_SIZE = 256;

function lut(interp: (t: number) => string): Uint8Array {
  const out = new Uint8Array(LUT_SIZE * 3);
  for (let i = 0; i < LUT_SIZE; i++) {
    const m = /rgb\((\d+), ?(\d+), ?(\d+)\)/.exec(interp(i / (LUT_SIZE - 1)));
    const hex = /^#([0-9a-f]{6})$/i.exec(interp(i / (LUT_SIZE - 1)));
    const [r, g, b] = m
      ? [Number(m[1]), Number(m[2]), Number(m[3])]
      : hex
        ? [0, 2, 4].map((k) => parseInt(hex[1].slice(k, k + 2), 16))
        : [0, 0, 0];
    out.set([r, g, b], i * 3);
  }
  return out;
}

const VIRIDIS = lut(interpolateViridis);
// RdBu runs red (negative) → blue (positive); reversed so positive is red, as students expect heat.
const RDBU = lut((t) => interpolateRdBu(1 - t));

export function minMax(data: ArrayLike<number>, start = 0, end = data.length): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = start; i < end; i++) {
    const v = data[i];
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi ? [lo, hi] : [0, 0];
}

export function colorScale(min: number, max: number): ColorScale {
  const diverging = min < 0;
  const bound = Math.max(Math.abs(min), Math.abs(max)) || 1;
  const lo = diverging ? -bound : min;
  const hi = diverging ? bound : max > min ? max : min + 1;
  const table = diverging ? RDBU : VIRIDIS;
  const rgb = (v: number): readonly [number, number, number] => {
    const t = Math.min(1, Math.max(0, (v - lo) / (hi - lo)));
    const i = Math.round(t * (LUT_SIZE - 1)) * 3;
    return [table[i], table[i + 1], table[i + 2]];
  };
  const color = (v: number) => {
    const [r, g, b] = rgb(v);
    return `rgb(${r}, ${g}, ${b})`;
  };
  return { kind: diverging ? 'diverging' : 'sequential', min: lo, max: hi, color, rgb };
}

/** Relative luminance (WCAG) of an sRGB colour, 0..255 per channel. */
export function luminance([r, g, b]: readonly [number, number, number]): number {
  const lin = (v: number) => {
    const c = v / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/**
 * Black or white, whichever reads better on a background: at least 4.58:1 on any colour, so
 * numbers printed on a heatmap cell pass WCAG AA.
 */
export function inkOn(rgb: readonly [number, number, number]): '#000' | '#fff' {
  const l = luminance(rgb);
  return (l + 0.05) / 0.05 >= 1.05 / (l + 0.05) ? '#000' : '#fff';
}

/** RGBA pixels of one H x W plane starting at `offset` in `data`. */
export function heatmapPixels(
  data: ArrayLike<number>,
  offset: number,
  h: number,
  w: number,
  scale: ColorScale,
): Uint8ClampedArray<ArrayBuffer> {
  const px = new Uint8ClampedArray(h * w * 4);
  for (let i = 0; i < h * w; i++) {
    const [r, g, b] = scale.rgb(data[offset + i]);
    px[i * 4] = r;
    px[i * 4 + 1] = g;
    px[i * 4 + 2] = b;
    px[i * 4 + 3] = 255;
  }
  return px;
}

/** The input image as RGB pixels (C = 3) or gray (otherwise channel 0), values in [0, 1]. */
export function imagePixels(
  data: ArrayLike<number>,
  c: number,
  h: number,
  w: number,
): Uint8ClampedArray<ArrayBuffer> {
  const plane = h * w;
  const px = new Uint8ClampedArray(plane * 4);
  // Images are in [0, 1]; a hand-typed input (e.g. the 4×4 pooling example, values 0…8) is
  // stretched to its own range instead of saturating to white.
  const [lo, hi] = minMax(data, 0, (c === 3 ? 3 : 1) * plane);
  const inUnit = lo >= 0 && hi <= 1;
  const scale = inUnit ? 255 : 255 / (hi - lo || 1);
  const offset = inUnit ? 0 : lo;
  for (let i = 0; i < plane; i++) {
    for (let k = 0; k < 3; k++)
      px[i * 4 + k] = scale * (data[(c === 3 ? k : 0) * plane + i] - offset);
    px[i * 4 + 3] = 255;
  }
  return px;
}
