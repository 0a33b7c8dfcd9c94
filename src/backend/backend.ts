// The Backend interface: what the app asks of a compute engine. The CPU implementation runs in a
// worker; the GPU implementation (a later issue) plugs in behind the same interface.

import type { Network } from '../core/layers';
import type { FixedWeights } from '../core/presets/preset';
import type { Tensor } from '../core/tensor';

export interface ForwardRequest {
  readonly network: Network;
  readonly input: Tensor;
  readonly seed: number;
  /** Hand-set weights by layer id (teaching presets, edited kernels). */
  readonly fixedWeights?: Readonly<Record<string, FixedWeights>>;
  /** Compute only this layer and its ancestors. */
  readonly upTo?: string;
}

export interface ForwardResult {
  readonly activations: ReadonlyMap<string, Tensor>;
  /** Wall time of the computation, milliseconds. */
  readonly millis: number;
}

export interface Backend {
  readonly kind: 'cpu' | 'gpu';
  /** Why the app is not on the GPU, shown as a non-blocking notice; null when nothing to say. */
  readonly notice: string | null;
  forward(request: ForwardRequest): Promise<ForwardResult>;
  dispose(): void;
}

/** A failure the user can read: what went wrong and, where possible, how to fix it. */
export class BackendError extends Error {
  override readonly name = 'BackendError';
}
