// Messages between the page and the CPU explanation worker (explainWorker.ts). Options travel
// as plain data; a dataset travels as its source (the MNIST bytes, or the colour set's name),
// since a Dataset is a function the worker rebuilds.

import type { FeatureVisFrame } from '../../core/explain/featureVis';
import type { ExplainMethod, ExplainOptions } from './explain';

/** Where the top examples come from: the held-out split of a shipped dataset. */
export type DatasetSource =
  | { readonly id: 'mnist'; readonly bytes: Uint8Array; readonly pad: number }
  | { readonly id: 'colors' };

/** A method's options as the runner takes them: no device, and a dataset's source. */
export type RunOptions<M extends ExplainMethod> = M extends 'topExamples'
  ? Omit<ExplainOptions['topExamples'], 'gpu' | 'dataset'> & { readonly source: DatasetSource }
  : Omit<ExplainOptions[M], 'gpu'>;

export interface ExplainWorkerRequest {
  readonly type: 'run';
  readonly method: ExplainMethod;
  readonly options: RunOptions<ExplainMethod>;
}

export type ExplainWorkerResponse =
  | { readonly type: 'frame'; readonly frame: FeatureVisFrame }
  | { readonly type: 'result'; readonly value: unknown }
  | { readonly type: 'error'; readonly message: string; readonly name: string };
