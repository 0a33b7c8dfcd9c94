// A short training run of LeNet-5 on the procedural shapes, the same trainer and engines the
// tests use: the page's ?debug hook runs it in the browser (e2e/train.spec.ts), on the GPU
// through the page's own WebGPU device or on the CPU.

import { slice } from '../../core/data/dataset';
import { shapesDataset } from '../../core/data/shapes';
import { inferShapes, type OkShape } from '../../core/infer';
import { getPreset } from '../../core/presets';
import { optimizer } from '../../core/train/optim';
import { initLayerParams, type LayerParams } from '../../core/weights';
import { acquireGpu, type GpuDevice } from '../../gpu/device';
import { Trainer } from '../../train/trainer';
import { createCpuEngine } from './cpuEngine';
import { gpuEngineFactory } from './gpuEngine';

export interface ShapesRun {
  readonly engine: 'cpu' | 'gpu';
  readonly losses: number[];
  readonly accuracy: number;
  readonly examplesPerSecond: number;
  readonly reason: string;
}

export async function trainShapes(opts: {
  readonly steps: number;
  readonly batch: number;
  readonly device?: GpuDevice;
}): Promise<ShapesRun> {
  const lenet = getPreset('lenet5')!.network;
  const network = { ...lenet, input: { ...lenet.input, n: opts.batch } };
  const params: Record<string, LayerParams> = {};
  for (const ls of inferShapes(network).layers) {
    const p = initLayerParams(ls as OkShape, 5);
    if (Object.keys(p).length > 0) params[ls.id] = p;
  }
  const count = opts.steps * opts.batch;
  const all = shapesDataset({
    size: 32,
    count: count + 200,
    seed: 11,
    style: 'filled',
    rotate: false,
  });
  const device = opts.device;
  const trainer = new Trainer({
    init: {
      network,
      params,
      optimizer: optimizer('adam', { lr: 0.003 }),
      loss: 'crossEntropy',
      frozen: [],
      seed: 3,
      maxBatch: opts.batch,
    },
    createEngine: device ? gpuEngineFactory(async () => device) : createCpuEngine,
    train: slice(all, 0, count),
    test: slice(all, count, count + 200),
    batchSize: opts.batch,
    epochs: 1,
    learningRate: () => 0.003,
  });
  const losses: number[] = [];
  let accuracy = 0;
  let eps = 0;
  trainer.on((e) => {
    if (e.type === 'step' && e.loss !== null) {
      losses.push(e.loss);
      eps = e.examplesPerSecond;
    }
    if (e.type === 'eval') accuracy = e.accuracy;
  });
  const done = await trainer.run();
  trainer.dispose();
  return {
    engine: device ? 'gpu' : 'cpu',
    losses,
    accuracy,
    examplesPerSecond: eps,
    reason: done.message ?? done.reason,
  };
}

/** trainShapes on this page's WebGPU device ('gpu') or on the CPU. */
export async function trainShapesOn(
  engine: 'cpu' | 'gpu',
  steps: number,
  batch: number,
): Promise<ShapesRun> {
  if (engine === 'cpu') return trainShapes({ steps, batch });
  const got = await acquireGpu(navigator.gpu, 'train');
  if (!got.ok) throw new Error(got.reason);
  return trainShapes({ steps, batch, device: got.gpu });
}
