// Optimizers as data, and the per-step scalars both twins (src/cpu/optim, shaders/optim) read.
// Each config means exactly what its torch.optim namesake does with float32 parameters
// (PyTorch 1.13, the single-tensor code path): the update order, where weight decay enters, the
// first momentum step and Adam's bias corrections are theirs, and the tests hold both twins
// against real PyTorch.
//
// Notation, per parameter tensor p with gradient g at step t = 1, 2, … (its own count of
// updates; a frozen parameter's count does not advance), η the learning rate of this step
// (schedule.ts, times the parameter's group multiplier):
//   clipping (clipNorm = c):  N = ‖(g₁, g₂, …)‖₂ over ALL trainable gradients,
//                             κ = min(1, c / (N + 1e-6)), and every g ← κ · g
//   SGD:    g ← g + λ p;  b ← g at t = 1, else b ← μ b + (1 − τ) g;
//           d ← g + μ b (Nesterov) or b (μ > 0) or g (μ = 0);  p ← p − η d
//   Adam:   g ← g + λ p;  m ← β₁ m + (1 − β₁) g;  v ← β₂ v + (1 − β₂) g²  (m = v = 0 before t = 1)
//           p ← p − (η / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε)
//   AdamW:  p ← (1 − η λ) p first (decoupled decay), then Adam's update without the λ p term.

import type { ScheduleConfig } from './schedule';

interface OptimizerBase {
  /** η₀ > 0: the base learning rate (the schedule's starting point). */
  readonly lr: number;
  /**
   * c > 0: clip the gradients by their global L2 norm before the update, as
   * torch.nn.utils.clip_grad_norm_(params, c): κ = min(1, c / (N + 1e-6)) multiplies every
   * gradient, N the L2 norm of all trainable gradients taken as one vector. Absent: no clipping.
   */
  readonly clipNorm?: number;
  /** How η changes with the step (schedule.ts); absent: constant. */
  readonly schedule?: ScheduleConfig;
}

/** torch.optim.SGD. */
export interface SgdConfig extends OptimizerBase {
  readonly kind: 'sgd';
  /** μ ∈ [0, 1): momentum (0: plain SGD, no state). */
  readonly momentum: number;
  /** τ ∈ [0, 1]: dampening of the gradient entering the momentum buffer, (1 − τ) g. */
  readonly dampening: number;
  /** Nesterov momentum: step along g + μ b instead of b (needs μ > 0 and τ = 0). */
  readonly nesterov: boolean;
  /** λ ≥ 0: coupled L2 weight decay, g ← g + λ p (the gradient of λ/2 ‖p‖²). */
  readonly weightDecay: number;
}

interface AdamLike extends OptimizerBase {
  /** (β₁, β₂) ∈ [0, 1)²: decay rates of the first and second moment averages. */
  readonly betas: readonly [number, number];
  /** ε > 0: added to the bias-corrected √v, outside the square root. */
  readonly eps: number;
}

/** torch.optim.Adam: weight decay coupled, g ← g + λ p before the moments. */
export interface AdamConfig extends AdamLike {
  readonly kind: 'adam';
  /** λ ≥ 0: coupled L2 weight decay. */
  readonly weightDecay: number;
}

/** torch.optim.AdamW: weight decay decoupled, p ← (1 − η λ) p before the Adam step. */
export interface AdamWConfig extends AdamLike {
  readonly kind: 'adamw';
  /** λ ≥ 0: decoupled weight decay (PyTorch's default 0.01); η λ < 1. */
  readonly weightDecay: number;
}

export type OptimizerConfig = SgdConfig | AdamConfig | AdamWConfig;
export type OptimizerKind = OptimizerConfig['kind'];
export const OPTIMIZER_KINDS: readonly OptimizerKind[] = ['sgd', 'adam', 'adamw'];

/** PyTorch's defaults (SGD has no default lr there; 0.01 here). */
export const DEFAULTS: { readonly [K in OptimizerKind]: Extract<OptimizerConfig, { kind: K }> } = {
  sgd: { kind: 'sgd', lr: 0.01, momentum: 0, dampening: 0, nesterov: false, weightDecay: 0 },
  adam: { kind: 'adam', lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0 },
  adamw: { kind: 'adamw', lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0.01 },
};

/** A full config of `kind`: PyTorch's defaults, then `overrides`. */
export function optimizer<K extends OptimizerKind>(
  kind: K,
  overrides: Partial<Omit<Extract<OptimizerConfig, { kind: K }>, 'kind'>> = {},
): Extract<OptimizerConfig, { kind: K }> {
  return { ...DEFAULTS[kind], ...overrides, kind };
}

// ---- per-step scalars ----------------------------------------------------------------------
// Computed in float64 as PyTorch computes them in Python, then used by the twins as float32.

/** SGD's numbers for one parameter at one step. */
export interface SgdScalars {
  /** η: this step's learning rate for the parameter. */
  readonly lr: number;
  /** λ. */
  readonly weightDecay: number;
  /** μ. */
  readonly momentum: number;
  /** 1 − τ: the weight of g entering the momentum buffer. */
  readonly keep: number;
  /** Whether this is the parameter's first step (t = 1): the buffer starts as b = g. */
  readonly first: boolean;
  readonly nesterov: boolean;
}

export function sgdScalars(config: SgdConfig, lr: number, t: number): SgdScalars {
  return {
    lr,
    weightDecay: config.weightDecay,
    momentum: config.momentum,
    keep: 1 - config.dampening,
    first: t === 1,
    nesterov: config.nesterov,
  };
}

/** Adam's and AdamW's numbers for one parameter at its step t ≥ 1. */
export interface AdamScalars {
  /** η / (1 − β₁ᵗ): the step size, bias correction of m folded in. */
  readonly stepSize: number;
  /** √(1 − β₂ᵗ): the bias correction of v, dividing √v. */
  readonly bc2Sqrt: number;
  readonly beta1: number;
  readonly oneMinusBeta1: number;
  readonly beta2: number;
  readonly oneMinusBeta2: number;
  readonly eps: number;
  /** λ for Adam's coupled decay (g ← g + λ p); 0 for AdamW. */
  readonly weightDecay: number;
  /** AdamW's decoupled factor 1 − η λ (p ← factor · p); 1 for Adam. */
  readonly decay: number;
  /** t = 1: m and v start from 0 (whatever their storage held). */
  readonly first: boolean;
}

export function adamScalars(config: AdamConfig | AdamWConfig, lr: number, t: number): AdamScalars {
  if (!Number.isInteger(t) || t < 1) throw new RangeError(`Adam's step t is ≥ 1, got ${t}`);
  const [beta1, beta2] = config.betas;
  const decoupled = config.kind === 'adamw';
  return {
    stepSize: lr / (1 - beta1 ** t),
    bc2Sqrt: Math.sqrt(1 - beta2 ** t),
    beta1,
    oneMinusBeta1: 1 - beta1,
    beta2,
    oneMinusBeta2: 1 - beta2,
    eps: config.eps,
    weightDecay: decoupled ? 0 : config.weightDecay,
    decay: decoupled ? 1 - lr * config.weightDecay : 1,
    first: t === 1,
  };
}

/** Whether the optimizer keeps per-parameter state buffers, and how many (b; or m and v). */
export function stateBuffers(config: OptimizerConfig): 0 | 1 | 2 {
  if (config.kind === 'sgd') return config.momentum === 0 ? 0 : 1;
  return 2;
}

// ---- clipping ------------------------------------------------------------------------------

/** The 1e-6 added to the norm before dividing (clip_grad_norm_'s own constant). */
export const CLIP_EPS = 1e-6;

/**
 * κ = min(1, c / (N + 1e-6)) for a total gradient norm N, in float32 as PyTorch computes it
 * (c / tensor is reciprocal(tensor) · c there). NaN when N is NaN (PyTorch's clamp keeps NaN):
 * every gradient, and so every updated parameter, becomes NaN, as in PyTorch.
 */
export function clipCoefficient(norm: number, clipNorm: number): number {
  const f = Math.fround;
  const coef = f(f(1 / f(norm + f(CLIP_EPS))) * f(clipNorm));
  return Number.isNaN(coef) ? NaN : Math.min(coef, 1);
}
