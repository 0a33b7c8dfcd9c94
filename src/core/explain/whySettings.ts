// The "Why?" panel's settings: which method, which class, and each method's knobs, with their
// bounds in one place (the panel's inputs read them; a value outside is refused in words).

import type { FeatureTarget } from './featureVis';
import type { SaliencyKind } from './saliency';

export type WhyMethod = 'saliency' | 'gradCam' | 'occlusion' | 'featureVis';
export const WHY_METHODS: readonly WhyMethod[] = ['saliency', 'gradCam', 'occlusion', 'featureVis'];

export interface WhySettings {
  readonly method: WhyMethod;
  /** The class explained; null: the top class of the prediction. */
  readonly cls: number | null;
  readonly saliencyKind: SaliencyKind;
  /** SmoothGrad's noisy copies. */
  readonly samples: number;
  /** Grad-CAM's layer; null: the last conv layer with maps larger than 1×1. */
  readonly camLayer: string | null;
  /** Occlusion: the patch's side and stride in input pixels; null: a fraction of the input. */
  readonly patch: number | null;
  readonly stride: number | null;
  readonly fill: 'grey' | 'blur';
  /** Feature visualization: a channel, or null for the explained class's score. */
  readonly channel: { readonly layer: string; readonly channel: number } | null;
  readonly steps: number;
  /** The heat overlay's opacity, 0 … 1. */
  readonly opacity: number;
}

export const DEFAULT_WHY: WhySettings = {
  method: 'saliency',
  cls: null,
  saliencyKind: 'vanilla',
  samples: 16,
  camLayer: null,
  patch: null,
  stride: null,
  fill: 'grey',
  channel: null,
  steps: 60,
  opacity: 0.6,
};

export const WHY_BOUNDS = {
  samples: [2, 64],
  steps: [1, 500],
  stride: [1, 64],
} as const;

/** The default patch: about a quarter of the input's shorter side (7 for LeNet's 32). */
export const defaultPatch = (h: number, w: number) =>
  Math.max(1, Math.min(h, w, Math.round(Math.min(h, w) / 4.5)));
/** The default stride: half the patch (positions overlap, so every pixel is seen twice). */
export const defaultStride = (patch: number) => Math.max(1, Math.floor(patch / 2));

const whole = (v: number, lo: number, hi: number) => Number.isInteger(v) && v >= lo && v <= hi;

/** Why a settings change cannot be applied for an input of h × w, or null. */
export function whyRefusal(p: Partial<WhySettings>, h: number, w: number): string | null {
  if (p.samples !== undefined && !whole(p.samples, ...WHY_BOUNDS.samples))
    return `SmoothGrad takes ${WHY_BOUNDS.samples[0]} … ${WHY_BOUNDS.samples[1]} noisy copies, not ${p.samples}`;
  if (p.steps !== undefined && !whole(p.steps, ...WHY_BOUNDS.steps))
    return `feature visualization runs ${WHY_BOUNDS.steps[0]} … ${WHY_BOUNDS.steps[1]} steps, not ${p.steps}`;
  if (p.patch !== undefined && p.patch !== null && !whole(p.patch, 1, Math.min(h, w)))
    return `the patch is 1 … ${Math.min(h, w)} pixels on this ${h}×${w} input, not ${p.patch}`;
  if (p.stride !== undefined && p.stride !== null && !whole(p.stride, ...WHY_BOUNDS.stride))
    return `the stride is ${WHY_BOUNDS.stride[0]} … ${WHY_BOUNDS.stride[1]} pixels, not ${p.stride}`;
  if (p.opacity !== undefined && !(p.opacity >= 0 && p.opacity <= 1))
    return `the opacity is 0 … 1, not ${p.opacity}`;
  if (p.cls !== undefined && p.cls !== null && !whole(p.cls, 0, 1_000_000))
    return `there is no class ${p.cls}`;
  return null;
}

/** The occlusion patch and stride in effect for an input of h × w. */
export function occlusionGeometry(s: WhySettings, h: number, w: number) {
  const patch = Math.min(s.patch ?? defaultPatch(h, w), h, w);
  return { patch, stride: s.stride ?? defaultStride(patch) };
}

/** What feature visualization maximizes. */
export const featureTarget = (s: WhySettings, cls: number): FeatureTarget =>
  s.channel ? { kind: 'channel', ...s.channel } : { kind: 'class', cls };
