// The GPU training engine: the trainer's TrainEngine over src/gpu/train (the whole step in one
// submit). A lost device (driver reset, a test hook) turns into a DeviceLostError; the trainer
// then asks this factory for a new engine, which acquires a new device and starts from the
// parameters of the last checkpoint.

import type { GpuDevice } from '../../gpu/device';
import { createGpu } from '../../gpu/gpu';
import { GpuTrainer } from '../../gpu/train/gpuTrainer';
import { DeviceLostError, type EngineFactory, type TrainEngine } from '../../train/engine';

/** `acquire` gives a working device: the same one while it lives, a new one after a loss. */
export function gpuEngineFactory(acquire: () => Promise<GpuDevice>): EngineFactory {
  return async (init) => {
    const device = await acquire();
    let lost: string | null = null;
    void device.device.lost.then((info) => {
      lost = info.message || info.reason || 'unknown reason';
    });
    const gpu = createGpu(device.device);
    const trainer = new GpuTrainer(gpu, init);
    /** Runs `work`, turning a failure on a lost device into a DeviceLostError. */
    const guarded = async <T>(work: () => Promise<T>): Promise<T> => {
      if (lost !== null) throw new DeviceLostError(lost);
      try {
        const r = await work();
        if (lost !== null) throw new DeviceLostError(lost);
        return r;
      } catch (e) {
        // A loss surfaces as a failed map or a validation error a moment before `lost` settles.
        await Promise.race([device.device.lost, new Promise((r) => setTimeout(r, 50))]);
        if (lost !== null) throw new DeviceLostError(lost);
        throw e;
      }
    };
    const engine: TrainEngine = {
      kind: 'gpu',
      step: (batch, lr, want) =>
        guarded(async () => {
          const r = await trainer.step(batch.images, batch.labels, batch.n, lr, want.loss);
          return { loss: r?.loss ?? null, correct: r?.correct ?? null };
        }),
      evaluate: (batch) => guarded(() => trainer.evaluate(batch.images, batch.labels, batch.n)),
      parameters: (ids) => guarded(() => trainer.parameters(ids)),
      gradients: (ids) => guarded(() => trainer.gradients(ids)),
      featureMap: (id) => guarded(() => trainer.featureMap(id)),
      dispose: () => {
        if (lost === null) trainer.release();
      },
    };
    return engine;
  };
}
