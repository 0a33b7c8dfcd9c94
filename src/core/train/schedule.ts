// Learning-rate schedules as data and one pure function of the step. The formulas are
// torch.optim.lr_scheduler's closed forms (StepLR, CosineAnnealingLR, LinearLR then the schedule
// as SequentialLR chains them), so a run here and the same run in PyTorch see the same lr.
//
// Notation: η₀ is the optimizer's base learning rate (OptimizerConfig.lr), t = 0, 1, 2, … the
// number of optimizer steps already taken (t = 0 for the first update; in PyTorch, the number of
// scheduler.step() calls so far, with the scheduler stepped after optimizer.step()).

/**
 * Linear warm-up over the first W steps: η(t) = η₀ · (s + (1 − s) · t / W) for t < W, then the
 * schedule proper, which starts afresh at t = W (its own step counts from 0 there). PyTorch:
 * LinearLR(start_factor = s, end_factor = 1, total_iters = W) and the schedule chained by
 * SequentialLR(milestones = [W]).
 */
export interface Warmup {
  /** W ≥ 1: warm-up steps (whole number). */
  readonly steps: number;
  /**
   * s ∈ [0, 1]: the factor of η₀ at t = 0 (0: the first step has lr 0, as a warm-up "from 0";
   * PyTorch's LinearLR cannot start at exactly 0, it divides by s).
   */
  readonly startFactor: number;
}

/** η(t) = η₀ at every step. */
export interface ConstantSchedule {
  readonly kind: 'constant';
  readonly warmup?: Warmup;
}

/** η(t) = η₀ · γ^⌊t / k⌋ (PyTorch: StepLR(step_size = k, gamma = γ)). */
export interface StepSchedule {
  readonly kind: 'step';
  /** k ≥ 1: steps between decays (whole number). */
  readonly stepSize: number;
  /** γ ∈ (0, 1]: the factor applied every k steps. */
  readonly gamma: number;
  readonly warmup?: Warmup;
}

/**
 * η(t) = η_min + (η₀ − η_min) · (1 + cos(π t / T)) / 2 for t ≤ T, and η_min after it
 * (PyTorch: CosineAnnealingLR(T_max = T, eta_min = η_min), which would rise again past T).
 */
export interface CosineSchedule {
  readonly kind: 'cosine';
  /** T ≥ 1: steps from η₀ down to η_min, counted from the end of any warm-up (whole number). */
  readonly totalSteps: number;
  /** η_min ∈ [0, η₀]: the lr reached at t = T (an absolute value, not a factor). */
  readonly minLr: number;
  readonly warmup?: Warmup;
}

export type ScheduleConfig = ConstantSchedule | StepSchedule | CosineSchedule;
export type ScheduleKind = ScheduleConfig['kind'];

export const CONSTANT: ConstantSchedule = { kind: 'constant' };

/** The schedule proper at its own step u ≥ 0 (after any warm-up). */
function main(schedule: ScheduleConfig, base: number, u: number): number {
  switch (schedule.kind) {
    case 'constant':
      return base;
    case 'step':
      return base * schedule.gamma ** Math.floor(u / schedule.stepSize);
    case 'cosine': {
      const T = schedule.totalSteps;
      if (u >= T) return schedule.minLr;
      return schedule.minLr + ((base - schedule.minLr) * (1 + Math.cos((Math.PI * u) / T))) / 2;
    }
  }
}

/**
 * The learning rate of the update after `step` steps (0 for the first update): the base
 * `config.lr` shaped by `config.schedule` (constant when absent). Takes an OptimizerConfig.
 */
export function learningRate(
  config: { readonly lr: number; readonly schedule?: ScheduleConfig },
  step: number,
): number {
  if (!Number.isInteger(step) || step < 0) {
    throw new RangeError(`a schedule's step is a whole number ≥ 0, got ${step}`);
  }
  const schedule = config.schedule ?? CONSTANT;
  const base = config.lr;
  const w = schedule.warmup;
  if (w && step < w.steps) {
    return base * (w.startFactor + ((1 - w.startFactor) * step) / w.steps);
  }
  return main(schedule, base, w ? step - w.steps : step);
}
