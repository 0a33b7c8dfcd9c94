// The results the benchmark page hands to bench/run.mjs (which adds the summary and writes the
// JSON documented in README.md, section "Benchmark").

export interface Timing {
  /** Milliseconds, median of the warm runs. */
  readonly median: number;
  /** Milliseconds, fastest warm run. */
  readonly min: number;
  /** Number of warm runs timed (fewer than requested for slow cases: see budget_s). */
  readonly runs: number;
  /** Milliseconds of the first (cold) call: weight upload, pipeline compilation. */
  readonly cold_ms: number | null;
  readonly samples: readonly number[];
}

export type Path = 'ours' | 'tfjs' | 'cpu' | 'ours_gpu';

export interface CaseResult {
  readonly name: string;
  readonly kind: 'conv2d' | 'network';
  readonly description: string;
  readonly flops: number;
  readonly ours_ms: Timing | null;
  readonly tfjs_ms: Timing | null;
  readonly cpu_ms: Timing | null;
  readonly ours_gpu_ms: Timing | null;
  /** Why a path's timing is null: 'skipped: …', 'refused: …' or 'failed: …'. */
  readonly notes: Partial<Record<Path, string>>;
  /** Our GPU output against our CPU output for the same input and weights (when both ran). */
  readonly check: { readonly max_abs_diff: number; readonly max_abs_value: number } | null;
}

export interface PageResults {
  readonly schema: 1;
  readonly date: string;
  readonly adapter: string;
  readonly adapter_tfjs: string | null;
  readonly timestamps: boolean;
  readonly user_agent: string;
  readonly runs: number;
  readonly quick: boolean;
  readonly budget_s: number;
  readonly cpu_max_gflop: number;
  readonly seed: number;
  /** Why our GPU path did not run at all (null when it loaded and got a device). */
  readonly ours_error: string | null;
  readonly cases: readonly CaseResult[];
}
