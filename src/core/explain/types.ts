// The explanations' options and results, shared by the CPU and GPU engines and the backend's
// explain(): plain typed arrays with their sizes, and the numbers each method shows.

import type { OcclusionOptions, PatchPosition } from './occlusion';
import type { SaliencyKind } from './saliency';

export interface SaliencyOptions {
  /** The class whose score is explained (index into the score layer's output). */
  readonly cls: number;
  readonly kind: SaliencyKind;
  /** SmoothGrad: noisy copies (default 16), σ as a fraction of the image's range (0.15), seed. */
  readonly samples?: number;
  readonly sigma?: number;
  readonly seed?: number;
}

export interface SaliencyResult {
  readonly kind: SaliencyKind;
  /** H × W heat map (saliency.ts says how each kind reduces the channels). */
  readonly map: Float32Array;
  readonly height: number;
  readonly width: number;
  /** ∂score/∂input, C×H×W (SmoothGrad: the mean over the noisy copies). */
  readonly gradient: Float32Array;
  /** The scores of the (clean) image, one per class. */
  readonly scores: Float32Array;
}

export interface GradCamOptions {
  readonly cls: number;
  /** The layer (any [N, C, H, W] output; default: defaultCamLayer). */
  readonly layer?: string;
}

export interface GradCamResult {
  readonly layer: string;
  /** α_k, one per channel of the layer: the computation made visible. */
  readonly weights: Float32Array;
  /** ReLU(Σ α_k A_k) at the layer's resolution, camHeight × camWidth. */
  readonly cam: Float32Array;
  readonly camHeight: number;
  readonly camWidth: number;
  /** The cam upsampled bilinearly to the input, height × width. */
  readonly map: Float32Array;
  readonly height: number;
  readonly width: number;
  readonly scores: Float32Array;
}

export interface OcclusionRunOptions extends OcclusionOptions {
  readonly cls: number;
  /** Occluded images per forward pass (default 32). */
  readonly batch?: number;
}

export interface OcclusionResult {
  /** The class probability without a patch. */
  readonly baseline: number;
  /** Per position (raster order), the class probability with the patch there. */
  readonly probabilities: Float32Array;
  /** baseline − probability, rows × cols. */
  readonly map: Float32Array;
  readonly rows: number;
  readonly cols: number;
  /** The patch positions in the order they were measured: a UI plays them back. */
  readonly positions: readonly PatchPosition[];
  /** Per pixel, the mean drop of the patches covering it, height × width. */
  readonly heat: Float32Array;
  readonly height: number;
  readonly width: number;
}

export interface TopExample {
  /** Index into the dataset. */
  readonly index: number;
  readonly label: number;
  /** The channel's mean activation on it. */
  readonly activation: number;
}
