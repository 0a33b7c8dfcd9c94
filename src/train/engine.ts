// What the trainer asks of a compute engine: one optimization step on a batch, an evaluation,
// and the parameters. A CPU engine (src/cpu/train) and a GPU engine (src/gpu/train, the whole
// step in one submit) implement it; the trainer knows neither.

import type { Network } from '../core/layers';
import type { LossKind } from '../core/train/loss';
import type { OptimizerConfig } from '../core/train/optim';
import type { Tensor } from '../core/tensor';
import type { LayerGradients } from '../core/train/health';
import type { LayerParams } from '../core/weights';

export type { LayerGradients, LossKind };

/** n examples: images [n, C, H, W] and integer class labels. */
export interface TrainBatch {
  readonly n: number;
  readonly images: Float32Array;
  readonly labels: Int32Array;
}

export interface StepResult {
  /** Mean loss of the batch, when it was asked for (reading it back costs a GPU round trip). */
  readonly loss: number | null;
  /** Correctly classified examples of the batch, when asked for. */
  readonly correct: number | null;
}

export interface TrainEngine {
  readonly kind: 'cpu' | 'gpu';
  /** One step: forward (training mode), loss, backward, update with learning rate `lr`. */
  step(batch: TrainBatch, lr: number, want: { readonly loss: boolean }): Promise<StepResult>;
  /** Loss and correct count on a batch in inference mode (running statistics, no dropout). */
  evaluate(batch: TrainBatch): Promise<{ readonly loss: number; readonly correct: number }>;
  /**
   * The current parameters by layer id (a checkpoint; what the app's views show), of the layers
   * `ids` only when given (one layer's filters, without reading back the rest).
   */
  parameters(ids?: readonly string[]): Promise<Record<string, LayerParams>>;
  /**
   * The last step's parameter gradients by layer id (of the layers `ids` only when given): what
   * the backward wrote, before clipping. Trainable layers only (a frozen layer has none); empty
   * before the first step. The GPU reads them back only when asked.
   */
  gradients(ids?: readonly string[]): Promise<Record<string, LayerGradients>>;
  /** One layer's output for the last batch (a feature map to show), read back on request. */
  featureMap(layerId: string): Promise<Tensor>;
  dispose(): void;
}

export interface EngineInit {
  readonly network: Network;
  /** Starting parameters by layer id (every layer with parameters has an entry). */
  readonly params: Readonly<Record<string, LayerParams>>;
  /** The optimizer, its schedule and clipping (core/train/optim.ts). */
  readonly optimizer: OptimizerConfig;
  readonly loss: LossKind;
  /** Layers whose parameters stay as they are (no gradient is computed past what is needed). */
  readonly frozen: readonly string[];
  /** Seeds dropout's masks (with the step number), so a run can be repeated. */
  readonly seed: number;
  /** The largest batch the engine will be given (sizes its buffers once). */
  readonly maxBatch: number;
}

export type EngineFactory = (init: EngineInit) => Promise<TrainEngine>;

/** The engine's device was lost mid-run (GPU): the trainer resumes from its last parameters. */
export class DeviceLostError extends Error {
  override readonly name = 'DeviceLostError';
}
