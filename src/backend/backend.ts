// The Backend interface: what the app asks of a compute engine. The CPU implementation runs in a
// worker; the GPU implementation (a later issue) plugs in behind the same interface.

import type { Network } from '../core/layers';
import type { FixedWeights } from '../core/presets/preset';
import type { Tensor } from '../core/tensor';

export interface ForwardRequest {
  /**
   * Names everything the activations depend on except `upTo` and `readback` (network, weights,
   * seed, input, batch-norm mode): requests of one generation may reuse each other's activations.
   * The store bumps it on every such change; absent means "reuse nothing".
   */
  readonly generation?: number;
  readonly network: Network;
  readonly input: Tensor;
  readonly seed: number;
  /** Hand-set weights by layer id (teaching presets, edited kernels). */
  readonly fixedWeights?: Readonly<Record<string, FixedWeights>>;
  /** Compute only this layer and its ancestors. */
  readonly upTo?: string;
  /**
   * Layers whose activations come back. Default: every computed layer on the CPU; the target
   * (upTo, else the last layer) on the GPU, which reads back only what is asked for.
   */
  readonly readback?: readonly string[];
  /** Batch norm with running statistics (default) or with the batch's own statistics. */
  readonly batchNormMode?: 'inference' | 'training';
}

export interface ForwardResult {
  readonly activations: ReadonlyMap<string, Tensor>;
  /** Wall time of the computation, milliseconds. */
  readonly millis: number;
}

export interface BackendStatus {
  readonly kind: 'cpu' | 'gpu';
  /** Why the app is not on the GPU, or what happened to it; null when nothing to say. */
  readonly notice: string | null;
  /** A few words on why this engine, for the status line ('no WebGPU'), or null. */
  readonly why: string | null;
  /** The adapter, e.g. 'google swiftshader', or 'CPU'. */
  readonly device: string;
}

/** Where a long forward pass stands: layer `done` of `total`, the one just computed. */
export interface ForwardProgress {
  readonly done: number;
  readonly total: number;
  readonly layerId: string;
}

/** Progress reports and cancellation for one forward request. */
export interface ForwardControl {
  readonly onProgress?: (p: ForwardProgress) => void;
  /** Aborting rejects the request with a CancelledError (work in flight stops between layers). */
  readonly signal?: AbortSignal;
}

export interface Backend {
  /** Current status; it can change at run time (device lost, fallback to the CPU). */
  status(): BackendStatus;
  /** Called whenever status() changes, and after a recovery that warrants recomputing. */
  onChange(listener: (status: BackendStatus) => void): () => void;
  forward(request: ForwardRequest, control?: ForwardControl): Promise<ForwardResult>;
  dispose(): void;
}

/** A failure the user can read: what went wrong and, where possible, how to fix it. */
export class BackendError extends Error {
  override readonly name = 'BackendError';
}

/** The request was cancelled (a newer edit, or the Cancel button): nothing is wrong. */
export class CancelledError extends BackendError {
  constructor() {
    super('cancelled');
  }
}

export const isCancelled = (e: unknown): boolean => e instanceof CancelledError;
