// Feature visualization by activation maximization: gradient ascent on the input image for the
// mean activation of one channel (or a class's score), with the usual regularizers
// (regularize.ts). This file is the ascent itself, for any engine: the engine supplies the
// objective and its gradient at the image `input()` hands it (CPU or GPU forward + backward).
//
// One step, from image x (C×H×W), in units of the image's range:
//   x_j = roll(x, δ)                     jitter δ ∈ [−J, J]² pixels, seeded
//   g   = roll(∂f/∂x_j, −δ)              the engine's gradient, shifted back
//   x  ← (1 − λ) x + η g / (mean |g| + 1e-8)   normalized ascent with weight decay λ
//   every B steps x ← blur121(x);  finally x ← clip(x, lo, hi)

import { createRng, type Rng } from '../rng';
import { blur121, clip, roll } from './regularize';

export type FeatureTarget =
  | { readonly kind: 'channel'; readonly layer: string; readonly channel: number }
  | { readonly kind: 'class'; readonly cls: number };

export interface FeatureVisOptions {
  readonly target: FeatureTarget;
  /** Step size η in image units (default 0.05). */
  readonly lr?: number;
  /** Largest jitter J, pixels (default 2; 0 = none). */
  readonly jitter?: number;
  /** Blur every B steps (default 4; 0 = never): the frequency penalty. */
  readonly blurEvery?: number;
  /** Weight decay λ per step (default 0.001). */
  readonly decay?: number;
  /** The range the image is clipped to (default [0, 1], the datasets' range). */
  readonly range?: readonly [number, number];
  /** Seeds the starting image (grey 0.5 plus noise of σ 0.05) and the jitter. */
  readonly seed?: number;
}

export interface FeatureVisFrame {
  /** Steps taken so far. */
  readonly step: number;
  /** The objective at the image before the last step. */
  readonly objective: number;
  /** A copy of the image after `step` steps, C×H×W. */
  readonly image: Float32Array;
}

export class FeatureAscent {
  private x: Float32Array;
  private readonly rng: Rng;
  private shift: readonly [number, number] = [0, 0];
  private steps = 0;

  constructor(
    readonly c: number,
    readonly h: number,
    readonly w: number,
    readonly opts: FeatureVisOptions,
  ) {
    this.rng = createRng(opts.seed ?? 0);
    const [lo, hi] = opts.range ?? [0, 1];
    this.x = Float32Array.from(
      { length: c * h * w },
      () => lo + (hi - lo) * (0.5 + 0.05 * this.rng.normal()),
    );
    clip(this.x, lo, hi);
  }

  get step(): number {
    return this.steps;
  }

  /** The current image (a copy). */
  image(): Float32Array {
    return this.x.slice();
  }

  /** The image the engine must evaluate next: the current one, jittered. */
  input(): Float32Array {
    const j = this.opts.jitter ?? 2;
    const pick = () => Math.floor(this.rng.next() * (2 * j + 1)) - j;
    this.shift = j > 0 ? [pick(), pick()] : [0, 0];
    return roll(this.x, this.c, this.h, this.w, this.shift[0], this.shift[1]);
  }

  /** One ascent step with the gradient of the objective at the last `input()`. */
  update(grad: ArrayLike<number>): void {
    const { c, h, w } = this;
    const g = roll(grad, c, h, w, -this.shift[0], -this.shift[1]);
    let mean = 0;
    for (let i = 0; i < g.length; i++) mean += Math.abs(g[i]);
    mean /= g.length;
    const lr = (this.opts.lr ?? 0.05) / (mean + 1e-8);
    const keep = 1 - (this.opts.decay ?? 0.001);
    for (let i = 0; i < g.length; i++) this.x[i] = keep * this.x[i] + lr * g[i];
    this.steps++;
    const every = this.opts.blurEvery ?? 4;
    if (every > 0 && this.steps % every === 0) this.x = blur121(this.x, c, h, w);
    const [lo, hi] = this.opts.range ?? [0, 1];
    clip(this.x, lo, hi);
  }
}

/** What an engine computes for feature visualization: the objective and ∂objective/∂input. */
export type FeatureOracle = (
  input: Float32Array,
) => Promise<{ objective: number; grad: Float32Array }>;

/**
 * Runs `steps` ascent steps, yielding a frame every `every` steps (and after the last), so a UI
 * can animate the image as it forms.
 */
export async function* featureVisFrames(
  ascent: FeatureAscent,
  oracle: FeatureOracle,
  steps: number,
  every = 1,
): AsyncGenerator<FeatureVisFrame> {
  for (let s = 0; s < steps; s++) {
    const { objective, grad } = await oracle(ascent.input());
    ascent.update(grad);
    if (ascent.step % every === 0 || s === steps - 1)
      yield { step: ascent.step, objective, image: ascent.image() };
  }
}
