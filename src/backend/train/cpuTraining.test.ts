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

describe('a seeded run on the CPU', () => {
  /** Two epochs of a small LeNet-5 run with dropout-free Adam: every loss and the parameters. */
  async function run(seed: number) {
    const lenet = getPreset('lenet5')!.network;
    const network = { ...lenet, input: { ...lenet.input, n: 8 } };
    const all = shapesDataset({ size: 32, count: 96, seed: 11, style: 'mixed', rotate: true });
    const trainer = new Trainer({
      init: {
        network,
        params: initialParams(network, 5),
        optimizer: optimizer('adam', { lr: 0.003 }),
        loss: 'crossEntropy',
        frozen: [],
        seed,
        maxBatch: 8,
      },
      createEngine: createCpuEngine,
      train: slice(all, 0, 80, 'train'),
      test: slice(all, 80, 96, 'test'),
      batchSize: 8,
      epochs: 2,
      learningRate: () => 0.003,
    });
    const losses: number[] = [];
    trainer.on((e) => {
      if (e.type === 'step' && e.loss !== null) losses.push(e.loss);
    });
    await trainer.run();
    const params = await trainer.parameters();
    trainer.dispose();
    return { losses, params };
  }

  it('is deterministic: the same seed gives the same losses and parameters, bit for bit; another seed another order', async () => {
    const a = await run(3);
    const b = await run(3);
    const c = await run(4);
    expect(a.losses).toHaveLength(20);
    expect(b.losses).toEqual(a.losses);
    for (const [id, p] of Object.entries(a.params))
      for (const [field, v] of Object.entries(p))
        expect(b.params[id][field as keyof LayerParams]).toEqual(v);
    // The seed shuffles the epochs: the same examples in another order give other losses.
    expect(c.losses).not.toEqual(a.losses);
  });
});
