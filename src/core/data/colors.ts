// A procedural colour dataset for Tiny VGG: 10 classes, each a colour family AND a form, so that
// neither colour alone nor form alone tells them apart and what a network learns has a name
// ("a red detector", "a vertical-stripe detector", "a corner of a checker").
//
//   class              colour family    form
//   0 red circle       red              filled disc
//   1 red triangle     red              filled triangle (point up, turned ±20°)
//   2 red checker      red              square patch of checkerboard
//   3 green square     green            filled square (turned ±20°)
//   4 green triangle   green            filled triangle
//   5 blue circle      blue             filled disc
//   6 blue stripes     blue             square patch of vertical stripes
//   7 yellow square    yellow           filled square
//   8 yellow stripes   yellow           square patch of vertical stripes
//   9 yellow checker   yellow           square patch of checkerboard
//
// Every form comes in two colours and every colour in two or three forms, so colour alone
// decides between 2 or 3 classes and form alone between 2. Gray hides the colour: every colour
// is drawn with the same range of luminance (0.299 R + 0.587 G + 0.114 B in [0.4, 0.65]), so a
// gray picture of a red circle and one of a blue circle come from the same distribution.
//
// Each example varies: position, size (radius 16–30% of the side), turn, hue within its family
// (red 0° ± 10°, yellow 52° ± 6°, green 125° ± 15°, blue 220° ± 15°), saturation (0.75–1),
// luminance, the texture's period (5–9 px at 64×64, scaled with the side) and phase, and the
// background: a dark, weakly tinted colour (luminance 0.03–0.2) with a linear gradient, plus
// noise on every pixel. Example i of a seed is always the same picture (drawn from a generator
// seeded by (seed, i)); its class is i mod 10, so any 10 consecutive examples hold every class.
// No storage: 100,000 examples cost nothing. Pixels are anti-aliased by coverage (4×4 samples
// per pixel); values in [0, 1], RGB planes (3×size×size).

import { createRng, type Rng } from '../rng';
import { slice, type Dataset } from './dataset';

export const COLOR_CLASSES = [
  'red circle',
  'red triangle',
  'red checker',
  'green square',
  'green triangle',
  'blue circle',
  'blue stripes',
  'yellow square',
  'yellow stripes',
  'yellow checker',
] as const;
export type ColorClass = (typeof COLOR_CLASSES)[number];

export const COLOR_FAMILIES = ['red', 'green', 'blue', 'yellow'] as const;
export type ColorFamily = (typeof COLOR_FAMILIES)[number];
export const COLOR_FORMS = ['circle', 'triangle', 'square', 'checker', 'stripes'] as const;
export type ColorForm = (typeof COLOR_FORMS)[number];

/** A class's colour family and form, read from its name. */
export function classParts(k: number): { family: ColorFamily; form: ColorForm } {
  const [family, form] = COLOR_CLASSES[k].split(' ') as [ColorFamily, ColorForm];
  return { family, form };
}

/** Hue centre and half-width of each family, degrees. */
const HUES: Record<ColorFamily, readonly [number, number]> = {
  red: [0, 10],
  yellow: [52, 6],
  green: [125, 15],
  blue: [220, 15],
};
/** The luminance range every foreground colour is drawn in. */
export const FOREGROUND_LUMINANCE = [0.4, 0.65] as const;

export const luminance = (rgb: readonly number[]) =>
  0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2];

/** HSV with v = 1 to RGB in [0, 1]. */
function hueToRgb(hueDeg: number, s: number): [number, number, number] {
  const h = (((hueDeg % 360) + 360) % 360) / 60;
  const f = (k: number) => {
    const t = (k + h) % 6;
    return 1 - s * Math.max(0, Math.min(t, 4 - t, 1));
  };
  return [f(5), f(3), f(1)];
}

/** A colour of `family` with luminance exactly `lum`: darkened, or mixed with white if it must rise. */
export function familyColor(family: ColorFamily, rng: Rng, lum?: number): [number, number, number] {
  const [centre, half] = HUES[family];
  const rgb = hueToRgb(centre + (2 * rng.next() - 1) * half, 0.75 + 0.25 * rng.next());
  const [lo, hi] = FOREGROUND_LUMINANCE;
  const target = lum ?? lo + (hi - lo) * rng.next();
  const l = luminance(rgb);
  if (target <= l) return rgb.map((v) => (v * target) / l) as [number, number, number];
  const t = (target - l) / (1 - l);
  return rgb.map((v) => v + t * (1 - v)) as [number, number, number];
}

const SUB = 4; // samples per pixel along each axis

/** Coverage test of a form in its own frame (u, v in units of the radius, centred at 0). */
function formTest(
  form: ColorForm,
  period: number,
  phase: number,
): (u: number, v: number) => boolean {
  switch (form) {
    case 'circle':
      return (u, v) => u * u + v * v <= 1;
    case 'square':
      // Half-side 0.85 of the radius: about the disc's area.
      return (u, v) => Math.max(Math.abs(u), Math.abs(v)) <= 0.85;
    case 'triangle': {
      // Equilateral, point up, circumradius 1.25 (inradius 0.625): a little more than the disc's
      // area in the same radius.
      const r = 0.625;
      return (u, v) =>
        v <= r && // bottom edge
        -v * 0.5 + u * (Math.sqrt(3) / 2) <= r &&
        -v * 0.5 - u * (Math.sqrt(3) / 2) <= r;
    }
    case 'stripes':
      return (u, v) => {
        if (Math.max(Math.abs(u), Math.abs(v)) > 0.9) return false;
        const s = (u + phase) / period;
        return s - Math.floor(s) < 0.5;
      };
    case 'checker':
      return (u, v) => {
        if (Math.max(Math.abs(u), Math.abs(v)) > 0.9) return false;
        const a = Math.floor((u + phase) / (period / 2));
        const b = Math.floor((v + phase) / (period / 2));
        return ((a + b) & 1) === 0;
      };
  }
}

export interface ColorsOptions {
  /** Side of the square image in pixels (64 for Tiny VGG; 32 works too). */
  readonly size: number;
  /** Examples in the set. */
  readonly count: number;
  readonly seed: number;
}

/** The region a form occupies: the form itself, or a textured form's whole square patch. */
function regionTest(form: ColorForm): (u: number, v: number) => boolean {
  if (form === 'stripes' || form === 'checker')
    return (u, v) => Math.max(Math.abs(u), Math.abs(v)) <= 0.9;
  return formTest(form, 1, 0);
}

/**
 * Draws example i: fills `out` at `offset` with 3×size×size values, returns the class index.
 * `region`, when given (size×size), receives the object's coverage of each pixel (a textured
 * form counts its whole patch, stripes and gaps), from the same sub-samples; the pixels drawn
 * are the same with or without it.
 */
export function drawColorExample(
  opts: ColorsOptions,
  i: number,
  out: Float32Array,
  offset: number,
  region?: Float32Array,
): number {
  const rng = createRng((opts.seed * 0x2c1b3c6d) ^ Math.imul(i + 1, 0x297a2d39));
  const label = i % COLOR_CLASSES.length;
  const { family, form } = classParts(label);
  const n = opts.size;
  const radius = n * (0.16 + 0.14 * rng.next());
  const margin = radius * 1.3;
  const cx = margin + rng.next() * (n - 2 * margin);
  const cy = margin + rng.next() * (n - 2 * margin);
  const textured = form === 'stripes' || form === 'checker';
  const angle = textured ? 0 : ((2 * rng.next() - 1) * 20 * Math.PI) / 180;
  // Texture period in units of the radius: 5–9 px at 64×64 (scaled with the side).
  const period = ((5 + 4 * rng.next()) * n) / 64 / radius;
  const phase = rng.next() * period;
  const inside = formTest(form, period, phase);
  const within = region ? regionTest(form) : null;
  const ink = familyColor(family, rng);
  const paper = hueToRgb(360 * rng.next(), 0.3 * rng.next());
  const paperLum = 0.03 + 0.17 * rng.next();
  const pl = luminance(paper);
  const bg = paper.map((v) => (v * paperLum) / pl);
  // A linear gradient across the background: ±0.06 along a random direction.
  const ga = 2 * Math.PI * rng.next();
  const gx = (Math.cos(ga) * 0.12) / n;
  const gy = (Math.sin(ga) * 0.12) / n;
  const noise = 0.02 + 0.03 * rng.next();
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const plane = n * n;
  for (let y = 0; y < n; y++) {
    for (let x = 0; x < n; x++) {
      let hits = 0;
      // Every form lies within 1.3 radii of its centre: farther pixels are background (a third
      // of the time to draw a picture, the same picture).
      const far = Math.hypot(x + 0.5 - cx, y + 0.5 - cy) > 1.3 * radius + 1;
      for (let sy = 0; sy < (far ? 0 : SUB); sy++) {
        for (let sx = 0; sx < SUB; sx++) {
          const px = (x + (sx + 0.5) / SUB - cx) / radius;
          const py = (y + (sy + 0.5) / SUB - cy) / radius;
          const u = px * cos + py * sin;
          const v = -px * sin + py * cos;
          if (inside(u, v)) hits++;
          if (within?.(u, v)) region![y * n + x] += 1 / (SUB * SUB);
        }
      }
      const coverage = hits / (SUB * SUB);
      const shade = (x - n / 2) * gx + (y - n / 2) * gy;
      for (let ch = 0; ch < 3; ch++) {
        const back = bg[ch] + shade;
        const v = back + coverage * (ink[ch] - back) + (2 * rng.next() - 1) * noise;
        out[offset + ch * plane + y * n + x] = Math.min(1, Math.max(0, v));
      }
    }
  }
  return label;
}

/** Where example i's object lies: its coverage per pixel and its bounding box (pixels). */
export interface ColorObject {
  readonly label: number;
  /** size×size coverage of the object's region in [0, 1] (see drawColorExample). */
  readonly region: Float32Array;
  /** Smallest box holding every pixel the region touches: x0 ≤ x ≤ x1, y0 ≤ y ≤ y1. */
  readonly box: {
    readonly x0: number;
    readonly y0: number;
    readonly x1: number;
    readonly y1: number;
  };
}

export function colorExampleObject(opts: ColorsOptions, i: number): ColorObject {
  const n = opts.size;
  const region = new Float32Array(n * n);
  const label = drawColorExample(opts, i, new Float32Array(3 * n * n), 0, region);
  let [x0, y0, x1, y1] = [n, n, -1, -1];
  for (let y = 0; y < n; y++)
    for (let x = 0; x < n; x++)
      if (region[y * n + x] > 0) {
        x0 = Math.min(x0, x);
        y0 = Math.min(y0, y);
        x1 = Math.max(x1, x);
        y1 = Math.max(y1, y);
      }
  return { label, region, box: { x0, y0, x1, y1 } };
}

/** The colour set as a Dataset. */
export function colorsDataset(opts: ColorsOptions): Dataset {
  return {
    name: `colour shapes ${opts.size}×${opts.size}`,
    shape: [3, opts.size, opts.size],
    classes: COLOR_CLASSES,
    size: opts.count,
    example: (i, out, offset) => drawColorExample(opts, i, out, offset),
    // The class is i mod 10 (drawColorExample): the browser groups 500 examples without drawing.
    label: (i) => i % COLOR_CLASSES.length,
  };
}

/**
 * The shipped split (Tiny VGG's training, `npm run train:tinyvgg`): seed 1 at 64×64, examples
 * 0 … 9,999 train, the next 500 are held out (the input panel's dataset browser shows those).
 */
export const COLORS_SPLIT = { seed: 1, size: 64, train: 10_000, test: 500 } as const;

export function colorsSplit(): { readonly train: Dataset; readonly test: Dataset } {
  const { seed, size, train, test } = COLORS_SPLIT;
  const all = colorsDataset({ size, count: train + test, seed });
  return {
    train: slice(all, 0, train, 'colour shapes train'),
    test: slice(all, train, train + test, 'colour shapes test'),
  };
}
