// MNIST's own recipe for a handwritten digit (LeCun, Cortes & Burges, "The MNIST database"):
// the digit's bounding box is scaled so its longer side is 20 pixels, keeping the aspect, and
// placed in a 28×28 field so that its centre of mass sits at the centre. LeNet-5's 32×32 input
// is that field padded by 2 pixels on each side (LeCun et al. 1998, section III.A).
//
// Before that, from a gray picture of any size (a drawing, a photo of paper):
//   1. Auto-invert: MNIST is white ink on black. When the background (the median of the border
//      pixels) is light, the picture is inverted: a dark digit on paper becomes white on black.
//   2. Ink: the picture minus its background level, clamped at 0, stretched so the strongest ink
//      is 1. No threshold: faint strokes count in proportion to how faint they are.
//   3. Ink box, threshold-free: the smallest box with at most TRIM of the ink mass outside each
//      side, from the row and column sums. For a clean drawing it is the exact extent of the
//      strokes; for a photo it ignores specks of noise that a "any pixel above 0" box would not.
// Coordinates are continuous: pixel (x, y) covers [x, x+1) × [y, y+1), so its centre is at
// (x + 0.5, y + 0.5) and the field's centre is (14, 14).

import { cropTo, type Rect } from './geometry';
import { picture, type Picture } from './picture';
import { resize } from './resize';

/** Ink mass left outside each side of the ink box, as a fraction of all the ink. */
export const TRIM = 0.002;
/** MNIST's numbers: the box's longer side, and the field. */
export const DIGIT_BOX = 20;
export const DIGIT_FIELD = 28;

export interface DigitSteps {
  /** Whether the picture was inverted (its background was light). */
  readonly inverted: boolean;
  /** The background level subtracted (after any inversion), in [0, 1]. */
  readonly background: number;
  /** The ink box in the source picture's pixels, or null when there is no ink at all. */
  readonly box: Rect | null;
  /** The ink inside the box (white on black). */
  readonly ink: Picture;
  /** The ink box scaled so its longer side is 20. */
  readonly scaled: Picture;
  /** 28×28, centred by mass. */
  readonly centred: Picture;
  /** The centre of mass of `centred`, (x, y) in continuous coordinates (14, 14 ± 0.5). */
  readonly mass: readonly [number, number] | null;
}

function median(values: number[]): number {
  values.sort((a, b) => a - b);
  const m = values.length >> 1;
  return values.length % 2 ? values[m] : (values[m - 1] + values[m]) / 2;
}

/** The border pixels of a gray picture (each once). */
function border(pic: Picture): number[] {
  const { width: w, height: h, data } = pic;
  const out: number[] = [];
  for (let x = 0; x < w; x++) {
    out.push(data[x]);
    if (h > 1) out.push(data[(h - 1) * w + x]);
  }
  for (let y = 1; y < h - 1; y++) {
    out.push(data[y * w]);
    if (w > 1) out.push(data[y * w + w - 1]);
  }
  return out;
}

/** [first, last] index of the sums with at most TRIM of the total before and after. */
function massExtent(sums: Float64Array, total: number): [number, number] {
  let first = 0;
  for (let acc = 0; first < sums.length; first++) {
    acc += sums[first];
    if (acc > TRIM * total) break;
  }
  let last = sums.length - 1;
  for (let acc = 0; last > 0; last--) {
    acc += sums[last];
    if (acc > TRIM * total) break;
  }
  return [first, Math.max(first, last)];
}

/** The centre of mass (x, y) of a gray picture, continuous coordinates; null when it is empty. */
export function centreOfMass(pic: Picture): [number, number] | null {
  let m = 0;
  let mx = 0;
  let my = 0;
  for (let y = 0; y < pic.height; y++)
    for (let x = 0; x < pic.width; x++) {
      const v = pic.data[y * pic.width + x];
      m += v;
      mx += v * (x + 0.5);
      my += v * (y + 0.5);
    }
  return m > 0 ? [mx / m, my / m] : null;
}

/** Steps 1 and 2: white-on-black ink in [0, 1]. */
function inkOf(gray: Picture, autoInvert: boolean) {
  const bg0 = median(border(gray));
  const inverted = autoInvert && bg0 > 0.5;
  const background = inverted ? 1 - bg0 : bg0;
  const ink = picture(gray.width, gray.height, 1);
  let peak = 0;
  for (let i = 0; i < ink.data.length; i++) {
    const v = inverted ? 1 - gray.data[i] : gray.data[i];
    ink.data[i] = Math.max(0, v - background);
    peak = Math.max(peak, ink.data[i]);
  }
  if (peak > 0) for (let i = 0; i < ink.data.length; i++) ink.data[i] /= peak;
  return { ink, inverted, background };
}

/** The ink box of white-on-black ink (step 3), or null when there is none. */
export function inkBox(ink: Picture): Rect | null {
  const { width: w, height: h, data } = ink;
  const rows = new Float64Array(h);
  const cols = new Float64Array(w);
  let total = 0;
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const v = data[y * w + x];
      rows[y] += v;
      cols[x] += v;
      total += v;
    }
  if (!(total > 0)) return null;
  const [x0, x1] = massExtent(cols, total);
  const [y0, y1] = massExtent(rows, total);
  return { x: x0, y: y0, width: x1 - x0 + 1, height: y1 - y0 + 1 };
}

/** The recipe on a gray picture, every step kept. */
export function digitSteps(gray: Picture, autoInvert = true): DigitSteps {
  if (gray.channels !== 1) throw new RangeError('the digit recipe works on a gray picture');
  const { ink: all, inverted, background } = inkOf(gray, autoInvert);
  const box = inkBox(all);
  const centred = picture(DIGIT_FIELD, DIGIT_FIELD, 1);
  if (!box) {
    const empty = picture(1, 1, 1);
    return { inverted, background, box, ink: empty, scaled: empty, centred, mass: null };
  }
  const ink = cropTo(all, box);
  const long = Math.max(box.width, box.height);
  const sw = Math.max(1, Math.round((DIGIT_BOX * box.width) / long));
  const sh = Math.max(1, Math.round((DIGIT_BOX * box.height) / long));
  const scaled = resize(ink, sw, sh);
  const [cx, cy] = centreOfMass(scaled) ?? [sw / 2, sh / 2];
  // Whole-pixel shift that brings the centre of mass nearest to (14, 14); anything pushed past
  // the field's edge is cut (only a very lopsided digit reaches it).
  const ox = Math.round(DIGIT_FIELD / 2 - cx);
  const oy = Math.round(DIGIT_FIELD / 2 - cy);
  for (let y = 0; y < sh; y++)
    for (let x = 0; x < sw; x++) {
      const tx = x + ox;
      const ty = y + oy;
      if (tx >= 0 && tx < DIGIT_FIELD && ty >= 0 && ty < DIGIT_FIELD)
        centred.data[ty * DIGIT_FIELD + tx] = scaled.data[y * sw + x];
    }
  return { inverted, background, box, ink, scaled, centred, mass: centreOfMass(centred) };
}
