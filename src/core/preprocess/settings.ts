// The student's preprocessing choices for their own image, with the schema every change passes
// (kept in the undo history; never in a link, which cannot carry the image anyway).

import * as v from 'valibot';
import type { Fit } from './geometry';
import type { Normalization } from './normalize';

export type DigitSetting = 'auto' | 'on' | 'off';

export interface PreprocessSettings {
  /** How the picture meets the input's aspect: centre-crop (default), letterbox or stretch. */
  readonly fit: Fit;
  /** 'none' keeps values in [0, 1] (this project's trained models expect that). */
  readonly normalize: Normalization;
  /** MNIST's digit recipe; 'auto' uses it for drawings. Only 1-channel inputs offer it. */
  readonly digit: DigitSetting;
}

export const DEFAULT_PREPROCESS: PreprocessSettings = {
  fit: 'crop',
  normalize: 'none',
  digit: 'auto',
};

export const FITS: readonly Fit[] = ['crop', 'letterbox', 'stretch'];
export const NORMALIZATION_NAMES: readonly Normalization[] = ['none', 'mnist', 'imagenet'];
export const DIGIT_SETTINGS: readonly DigitSetting[] = ['auto', 'on', 'off'];

const patchSchema = v.strictObject({
  fit: v.optional(v.picklist(FITS)),
  normalize: v.optional(v.picklist(NORMALIZATION_NAMES)),
  digit: v.optional(v.picklist(DIGIT_SETTINGS)),
});

/** Why a change of settings cannot be kept ('fit: must be one of crop, letterbox, stretch'). */
export function settingsRefusal(patch: unknown): string | null {
  const r = v.safeParse(patchSchema, patch);
  if (r.success) return null;
  const issue = r.issues[0];
  const key = issue.path?.map((p) => String(p.key)).join('.') ?? '';
  if (issue.kind === 'schema' && issue.type === 'picklist') {
    const options =
      key === 'fit' ? FITS : key === 'normalize' ? NORMALIZATION_NAMES : DIGIT_SETTINGS;
    return `${key}: must be one of ${options.join(', ')} (got ${JSON.stringify(issue.input)})`;
  }
  if (issue.type === 'strict_object' && key) return `there is no preprocessing setting '${key}'`;
  return 'preprocessing settings must be an object of fit, normalize and digit';
}
