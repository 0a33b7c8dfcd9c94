// One optimizer step over a model's parameter tensors on the CPU, as torch.optim does it:
// clip (when the config asks) over the trainable gradients, then each trainable tensor's update
// with its own step count. Frozen tensors are skipped entirely: no update, no state, no part in
// the clipping norm (PyTorch: requires_grad = False, grad None). Per-group learning-rate
// multipliers scale the scheduled lr of a tensor (PyTorch: a param group with lr = η₀ · scale).

import { adamScalars, sgdScalars, type OptimizerConfig } from '../../core/train/optim';
import { learningRate } from '../../core/train/schedule';
import { adamUpdate } from './adam';
import { clipGradNorm } from './clip';
import { sgdUpdate } from './sgd';
import type { ParamState } from './state';

export interface CpuParam {
  /** p: float32 values, updated in place. */
  readonly param: Float32Array;
  /** ∇p: same length; read only. */
  readonly grad: Float32Array;
  /** Kept between steps (newParamState() before the first). */
  readonly state: ParamState;
  /** Multiplies this tensor's learning rate (a parameter group's factor); default 1. */
  readonly lrScale?: number;
  /** Skipped: not updated, no state, not in the clipping norm. */
  readonly frozen?: boolean;
}

export interface StepReport {
  /** η: the schedule's learning rate of this step (before any group factor). */
  readonly lr: number;
  /** N and κ when the config clips, else null. */
  readonly norm: number | null;
  readonly scale: number | null;
}

/**
 * Updates every trainable parameter in place. `step`: the steps taken so far (0 for the first
 * update): the schedule's t. Each tensor's own count (state.step) advances by one.
 */
export function optimizerStep(
  config: OptimizerConfig,
  params: readonly CpuParam[],
  step: number,
): StepReport {
  const lr = learningRate(config, step);
  const live = params.filter((p) => !p.frozen);
  const clip =
    config.clipNorm === undefined
      ? null
      : clipGradNorm(
          live.map((p) => p.grad),
          config.clipNorm,
        );
  const scale = clip?.scale;
  for (const p of live) {
    const t = ++p.state.step;
    const eta = lr * (p.lrScale ?? 1);
    if (config.kind === 'sgd')
      sgdUpdate(p.param, p.grad, p.state, sgdScalars(config, eta, t), scale);
    else adamUpdate(p.param, p.grad, p.state, adamScalars(config, eta, t), scale);
  }
  return { lr, norm: clip?.norm ?? null, scale: clip?.scale ?? null };
}
