// The results the training benchmark page hands to bench/train/run.mjs (which adds the ratios
// and writes the JSON documented in README.md, section "Training benchmark").

/** The four implementations: our GPU engine, TensorFlow.js WebGPU, ConvNetJS, our CPU engine. */
export type Impl = 'ours' | 'tfjs' | 'convnetjs' | 'cpu';
export const IMPLS: readonly Impl[] = ['ours', 'tfjs', 'convnetjs', 'cpu'];

/** One implementation's timed steps on one case. */
export interface StepsTiming {
  /** Examples per second over the timed (warm) steps: steps × batch / ms × 1000. */
  readonly eps: number;
  /** Timed steps, after the warm-up. */
  readonly steps: number;
  readonly examples: number;
  /** Milliseconds of the timed steps: per round, from its first step's start to the loss of its
   * last step read back, summed over the rounds. */
  readonly ms: number;
  /** Warm-up steps before the timed ones (the first, cold, included). */
  readonly warmup_steps: number;
  /** Rounds the timed steps were split into, interleaved with the other implementations. */
  readonly rounds: number;
  /** Examples per second of each round (their spread shows the machine's noise). */
  readonly round_eps: readonly number[];
  /** Milliseconds of the first step (pipeline compilation, uploads, JIT). */
  readonly cold_ms: number;
  /** Mean loss of the first step's batch, before any update. */
  readonly first_loss: number | null;
  /** Mean loss of the last timed step's batch. */
  readonly last_loss: number | null;
}

export interface OptimizerInfo {
  readonly kind: string;
  readonly lr: number;
  readonly momentum?: number;
  readonly betas?: readonly [number, number];
  readonly eps?: number;
}

export interface TrainCaseResult {
  readonly name: string;
  readonly model: string;
  readonly description: string;
  /** [C, H, W] of one example. */
  readonly input: readonly [number, number, number];
  readonly batch: number;
  readonly optimizer: OptimizerInfo;
  readonly ours_eps: number | null;
  readonly tfjs_eps: number | null;
  readonly convnetjs_eps: number | null;
  readonly cpu_eps: number | null;
  /** The details of each implementation's run, null where it did not run. */
  readonly timings: Readonly<Record<Impl, StepsTiming | null>>;
  /** Why an implementation has no number ('skipped: …', 'failed: …', 'unavailable: …'), and
   * how it differs from the case where it does run (ConvNetJS). */
  readonly notes: Partial<Record<Impl, string>>;
}

export interface TrainPageResults {
  readonly schema: 1;
  readonly date: string;
  readonly adapter: string;
  readonly adapter_tfjs: string | null;
  readonly user_agent: string;
  readonly hardware_concurrency: number;
  readonly options: {
    readonly quick: boolean;
    readonly steps: number;
    readonly warmup: number;
    readonly rounds: number;
    readonly cases: readonly string[] | null;
    readonly impls: readonly Impl[];
    readonly seed: number;
  };
  /** Why our GPU path did not run at all (no engine yet, no device), else null. */
  readonly ours_error: string | null;
  readonly cases: readonly TrainCaseResult[];
}
