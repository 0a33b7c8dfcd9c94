// Our two implementations, through the trainer's engine interface (src/train/engine.ts): the CPU
// engine (src/backend/train/cpuEngine.ts, on the page's thread) and the GPU engine (oursGpu.ts).

import type { LayerParams } from '../../src/core/weights';
import type { EngineFactory, TrainBatch } from '../../src/train/engine';
import type { TrainCase } from './cases';
import type { Stepper } from './measure';

/** Opens an engine for the case from `params`, stepping through `batches` with the case's lr. */
export async function engineStepper(
  factory: EngineFactory,
  c: TrainCase,
  params: Record<string, LayerParams>,
  batches: readonly TrainBatch[],
  seed: number,
): Promise<Stepper> {
  const engine = await factory({
    network: c.network,
    params,
    optimizer: c.optimizer,
    loss: 'crossEntropy',
    frozen: [],
    seed,
    maxBatch: c.batch,
  });
  return {
    async step(k, wantLoss) {
      const r = await engine.step(batches[k % batches.length], c.optimizer.lr, { loss: wantLoss });
      return wantLoss ? r.loss : null;
    },
    dispose: () => engine.dispose(),
  };
}
