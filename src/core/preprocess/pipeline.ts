// Your own image to a network input, every step kept as a picture so the screen can show it:
//   plain:  original → cropped / letterboxed (fit) → resized to H×W → grayscale → normalized
//   digit:  original → ink box → scaled to 20 → centred by mass in 28×28 → padded to 32×32
//           (or resized to H×W) → normalized
// The colour follows the network's input channels (1: luma; 3: RGB; others repeat R, G, B).

import { digitSteps, DIGIT_FIELD } from './digit';
import { toChannels } from './color';
import { fitAspect, padTo, type Fit } from './geometry';
import { normalize } from './normalize';
import { rgbaToPicture, type Picture, type RgbaImage } from './picture';
import { resize } from './resize';
import type { PreprocessSettings } from './settings';

export { DEFAULT_PREPROCESS, type PreprocessSettings } from './settings';

/**
 * One picture of the strip: what was done ('resized to', read with its size: 'resized to 32×32'),
 * its true size, and a picture of it at most THUMB on a side.
 */
export interface Stage {
  readonly label: string;
  readonly width: number;
  readonly height: number;
  readonly picture: Picture;
}

export interface Preprocessed {
  /** channels × height × width, the network input for one batch item. */
  readonly data: Float32Array;
  readonly stages: readonly Stage[];
  /** Whether the digit recipe was used. */
  readonly digit: boolean;
}

export interface Target {
  readonly c: number;
  readonly h: number;
  readonly w: number;
}

/** Longest side of a stage's picture (the screen shows them small). */
export const THUMB = 96;

/** Whether the digit recipe applies: 1-channel inputs only; 'auto' means for drawings. */
export const digitApplies = (s: PreprocessSettings, channels: number, drawing: boolean): boolean =>
  channels === 1 && (s.digit === 'on' || (s.digit === 'auto' && drawing));

function thumb(pic: Picture): Picture {
  const long = Math.max(pic.width, pic.height);
  if (long <= THUMB) return pic;
  const k = THUMB / long;
  return resize(
    pic,
    Math.max(1, Math.round(pic.width * k)),
    Math.max(1, Math.round(pic.height * k)),
  );
}

const stage = (label: string, pic: Picture): Stage => ({
  label,
  width: pic.width,
  height: pic.height,
  picture: thumb(pic),
});

const FIT_WORDS: Record<Fit, string> = {
  crop: 'cropped to',
  letterbox: 'letterboxed to',
  stretch: '',
};

/** The 28×28 digit field to the target size: padded evenly when larger, else resized. */
function toTarget(field: Picture, h: number, w: number): { pic: Picture; label: string } {
  if (h === DIGIT_FIELD && w === DIGIT_FIELD) return { pic: field, label: '' };
  if (h >= DIGIT_FIELD && w >= DIGIT_FIELD) {
    const at = {
      x: Math.floor((w - DIGIT_FIELD) / 2),
      y: Math.floor((h - DIGIT_FIELD) / 2),
      width: DIGIT_FIELD,
      height: DIGIT_FIELD,
    };
    return { pic: padTo(field, w, h, at, 0), label: 'padded to' };
  }
  return { pic: resize(field, w, h), label: 'resized to' };
}

export function preprocess(
  img: RgbaImage,
  settings: PreprocessSettings,
  target: Target,
  drawing: boolean,
): Preprocessed {
  const { c, h, w } = target;
  const rgb = rgbaToPicture(img);
  const stages: Stage[] = [stage('original', rgb)];
  // Shown in 1 or 3 channels; the input repeats them up to c (same numbers either way).
  const shown = c === 1 ? 1 : 3;
  let sized: Picture;
  const digit = digitApplies(settings, c, drawing);
  if (digit) {
    const d = digitSteps(toChannels(rgb, 1));
    if (d.box) {
      stages.push(stage(d.inverted ? 'ink box (inverted)' : 'ink box', d.ink));
      stages.push(stage('scaled to', d.scaled));
    }
    stages.push(stage('centred by mass in', d.centred));
    const t = toTarget(d.centred, h, w);
    if (t.label) stages.push(stage(t.label, t.pic));
    sized = t.pic;
  } else {
    const fitted = fitAspect(rgb, w, h, settings.fit);
    if (fitted !== rgb) stages.push(stage(FIT_WORDS[settings.fit], fitted));
    sized = resize(fitted, w, h);
    stages.push(stage('resized to', sized));
    sized = toChannels(sized, shown);
    if (shown === 1) stages.push(stage('grayscale', sized));
  }
  const normal = normalize(sized, settings.normalize);
  if (normal !== sized) stages.push(stage(`normalized (${settings.normalize})`, normal));
  return { data: toChannels(normal, c).data, stages, digit };
}
