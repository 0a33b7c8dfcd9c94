// The "Why?" panel's slice of the store (actions: explainActions.ts, featureVisActions.ts).

import type { DatasetId } from '../core/data/catalog';
import { DEFAULT_WHY, type WhyMethod, type WhySettings } from '../core/explain/whySettings';
import type {
  GradCamResult,
  OcclusionResult,
  SaliencyResult,
  TopExample,
} from '../core/explain/types';
import type { FeatureVisFrame } from '../core/explain/featureVis';

/** One explanation shown in the "Why?" panel, with what it explains and what it cost. */
export interface WhyResult {
  readonly method: WhyMethod;
  /** explainCacheKey of its network, weights, input, method and options. */
  readonly key: string;
  readonly cls: number;
  readonly value: SaliencyResult | GradCamResult | OcclusionResult | FeatureVisFrame | null;
  /** Milliseconds it took (0 when it came from the cache) and where it ran. */
  readonly ms: number;
  readonly engine: 'cpu' | 'gpu';
  readonly cached: boolean;
}

/** The "Why?" panel (state/explainActions.ts): on this screen only, never in a link or undo. */
export interface ExplainSlice {
  readonly explain: {
    readonly open: boolean;
    readonly settings: WhySettings;
    readonly status: 'idle' | 'running' | 'done' | 'error';
    readonly message: string | null;
    readonly result: WhyResult | null;
    /** Feature visualization: the objective at each frame so far (it should rise). */
    readonly objectives: readonly number[];
    /** The held-out examples that excite the feature-visualization target most. */
    readonly top: {
      readonly status: 'running' | 'done' | 'error';
      readonly dataset: DatasetId | null;
      readonly examples: readonly TopExample[];
      /** Their pixels, C×H×W each (the network's input size), for the thumbnails. */
      readonly images: readonly Float32Array[];
      readonly message: string | null;
      /** What they were found for, as the panel says it. */
      readonly target: string;
    } | null;
  };
}

export const INITIAL_EXPLAIN: ExplainSlice['explain'] = {
  open: false,
  settings: DEFAULT_WHY,
  status: 'idle',
  message: null,
  result: null,
  objectives: [],
  top: null,
};
