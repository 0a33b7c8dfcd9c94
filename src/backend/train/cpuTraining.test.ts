// Real training on the CPU engine, through the trainer: LeNet-5 learns the four procedural
// shapes. A test that can fail: a wrong gradient anywhere keeps the accuracy near chance (25%).
import { describe, expect, it } from 'vitest';
import { slice } from '../../core/data/dataset';
import { shapesDataset } from '../../core/data/shapes';
import { inferShapes, type OkShape } from '../../core/infer';
import { getPreset } from '../../core/presets';
import { optimizer } from '../../core/train/optim';
import { initLayerParams, type LayerParams } from '../../core/weights';
import { Trainer, type TrainerEvent } from '../../train/trainer';
import { createCpuEngine } from './cpuEngine';

function initialParams(network: Parameters<typeof inferShapes>[0], seed: number) {
  const out: Record<string, LayerParams> = {};
  for (const ls of inferShapes(network).layers) {
    const p = initLayerParams(ls as OkShape, seed);
    if (Object.keys(p).length > 0) out[ls.id] = p;
  }
  return out;
}

describe('training on the CPU', () => {
  it('LeNet-5 learns the four shapes (filled, upright): ≥ 85% held-out accuracy after 100 steps of 32', async () => {
    const lenet = getPreset('lenet5')!.network;
    const network = { ...lenet, input: { ...lenet.input, n: 32 } };
    const all = shapesDataset({ size: 32, count: 3600, seed: 11, style: 'filled', rotate: false });
    const trainer = new Trainer({
      init: {
        network,
        params: initialParams(network, 5),
        optimizer: optimizer('adam', { lr: 0.003 }),
        loss: 'crossEntropy',
        frozen: [],
        seed: 3,
        maxBatch: 32,
      },
      createEngine: createCpuEngine,
      train: slice(all, 0, 3200, 'train'),
      test: slice(all, 3200, 3600, 'test'),
      batchSize: 32,
      epochs: 1,
      learningRate: () => 0.003,
    });
    const evals: Extract<TrainerEvent, { type: 'eval' }>[] = [];
    const losses: number[] = [];
    trainer.on((e) => {
      if (e.type === 'eval') evals.push(e);
      if (e.type === 'step' && e.loss !== null) losses.push(e.loss);
    });
    const done = await trainer.run();
    expect(done.reason).toBe('finished');
    expect(done.step).toBe(100);
    const first = losses.slice(0, 10).reduce((a, b) => a + b) / 10;
    const last = losses.slice(-10).reduce((a, b) => a + b) / 10;
    expect(last).toBeLessThan(first / 3);
    // Chance is 25%: a wrong gradient anywhere, or an optimizer that does not step, stays there.
    expect(evals.at(-1)!.accuracy).toBeGreaterThanOrEqual(0.85);
  }, 600_000);
});
