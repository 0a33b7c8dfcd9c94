// The GPU training step against the CPU's (held in turn against float64 central differences and
// real PyTorch): same network, same parameters, same batches — the loss, the correct count and
// the parameters after a few steps agree. And a real run: LeNet-5 learns the shapes on the GPU.
import { describe, expect, it } from 'vitest';
import { slice } from '../../core/data/dataset';
import { shapesDataset } from '../../core/data/shapes';
import { inferShapes, type OkShape } from '../../core/infer';
import { activation, conv2d, linear, pool2d, simple, type Network } from '../../core/layers';
import { getPreset } from '../../core/presets';
import { optimizer, type OptimizerConfig } from '../../core/train/optim';
import { initLayerParams, type LayerParams } from '../../core/weights';
import { CpuTrainer } from '../../cpu/train/step';
import { closeTo } from '../../gpu/testing/compare';
import { freshNodeDevice, nodeGpu, requireGpu } from '../../gpu/testing/nodeGpu';
import { GpuTrainer } from '../../gpu/train/gpuTrainer';
import { Trainer } from '../../train/trainer';
import { gpuEngineFactory } from './gpuEngine';

function params(network: Network, seed: number): Record<string, LayerParams> {
  const out: Record<string, LayerParams> = {};
  for (const ls of inferShapes(network).layers) {
    const p = initLayerParams(ls as OkShape, seed);
    if (Object.keys(p).length > 0) out[ls.id] = p;
  }
  return out;
}

const lenet = (n: number): Network => {
  const net = getPreset('lenet5')!.network;
  return { ...net, input: { ...net.input, n } };
};

/** Every kind of layer the engine trains, a residual add and a concat among them. */
const mixed = (n: number): Network => ({
  input: { n, c: 3, h: 12, w: 12 },
  layers: [
    // No bias before batch norm (it would cancel out: its gradient is round-off, which Adam's
    // m/√v turns into full-size steps of either sign on each backend).
    conv2d('a', 6, 3, { padding: 1, bias: false }),
    { id: 'bna', kind: 'batchNorm', eps: 1e-5 },
    activation('ra', 'relu'),
    conv2d('b', 6, 3, { padding: 1, paddingMode: 'reflect', groups: 2 }),
    activation('gb', 'gelu'),
    simple('sum', 'add', ['ra', 'gb']),
    pool2d('mp', 'maxPool2d', 2),
    conv2d('c1', 4, 1, { inputs: ['mp'] }),
    conv2d('c2', 4, 3, { padding: 'same', paddingMode: 'replicate', inputs: ['mp'] }),
    simple('cat', 'concat', ['c1', 'c2']),
    { id: 'ln', kind: 'layerNorm', eps: 1e-5, affine: true },
    pool2d('ap', 'avgPool2d', 3, { stride: 2, padding: 1, ceilMode: true }),
    activation('lk', 'leakyRelu', { alpha: 0.1 }),
    simple('f', 'flatten'),
    { id: 'drop', kind: 'dropout', p: 0.25 },
    linear('fc1', 16),
    activation('t', 'tanh'),
    linear('fc2', 5),
    simple('sm', 'softmax'),
  ],
});

async function compareSteps(
  network: Network,
  opt: OptimizerConfig,
  classes: number,
  steps: number,
  frozen: readonly string[] = [],
): Promise<void> {
  const gpu = await requireGpu();
  const p0 = params(network, 3);
  const init = {
    network,
    params: p0,
    optimizer: opt,
    loss: 'crossEntropy' as const,
    frozen,
    seed: 9,
  };
  const cpu = new CpuTrainer(init);
  const g = new GpuTrainer(gpu, { ...init, maxBatch: network.input.n });
  try {
    const { n, c, h, w } = network.input;
    for (let s = 0; s < steps; s++) {
      const images = Float32Array.from({ length: n * c * h * w }, (_, i) =>
        Math.sin(i * 0.37 + s * 1.3),
      );
      const labels = Int32Array.from({ length: n }, (_, i) => (i * 7 + s) % classes);
      const a = cpu.step(images, labels, n, opt.lr);
      const b = (await g.step(images, labels, n, opt.lr, true))!;
      expect(b.loss).toBeCloseTo(a.loss, 4);
      expect(b.correct).toBe(a.correct);
    }
    const want = cpu.parameters();
    const got = await g.parameters();
    for (const [id, fields] of Object.entries(want)) {
      for (const [field, values] of Object.entries(fields) as [string, Float32Array][]) {
        const bad = closeTo(got[id][field as keyof LayerParams]!, values, 1e-3);
        expect(bad, `${id}.${field}`).toEqual([]);
      }
    }
    if (frozen.length) {
      for (const id of frozen)
        expect([...(await g.parameters())[id].weight!]).toEqual([...p0[id].weight!]);
    }
    const e1 = cpu.evaluate(
      new Float32Array(network.input.n * c * h * w).fill(0.5),
      new Int32Array(n),
      n,
    );
    const e2 = await g.evaluate(
      new Float32Array(network.input.n * c * h * w).fill(0.5),
      new Int32Array(n),
      n,
    );
    expect(e2.loss).toBeCloseTo(e1.loss, 4);
  } finally {
    g.release();
  }
}

describe('the GPU training step matches the CPU step', () => {
  it(
    'LeNet-5, batch 8, SGD with momentum: 3 steps',
    () => compareSteps(lenet(8), optimizer('sgd', { lr: 0.05, momentum: 0.9 }), 10, 3),
    120_000,
  );

  it(
    'every layer kind, a residual add, a concat, dropout; Adam with clipping: 3 steps',
    () => compareSteps(mixed(4), optimizer('adam', { lr: 0.01, clipNorm: 1 }), 5, 3),
    120_000,
  );

  it(
    'AdamW with a frozen first conv: its weights stay, the rest matches',
    () => compareSteps(mixed(4), optimizer('adamw', { lr: 0.01 }), 5, 2, ['a']),
    120_000,
  );
});

describe('training on the GPU', () => {
  it('LeNet-5 learns the four shapes (filled, upright): ≥ 85% held-out accuracy after 100 steps of 32', async () => {
    const r = await nodeGpu();
    if ('reason' in r) throw new Error(r.reason);
    const network = lenet(32);
    const all = shapesDataset({ size: 32, count: 3600, seed: 11, style: 'filled', rotate: false });
    const trainer = new Trainer({
      init: {
        network,
        params: params(network, 5),
        optimizer: optimizer('adam', { lr: 0.003 }),
        loss: 'crossEntropy',
        frozen: [],
        seed: 3,
        maxBatch: 32,
      },
      createEngine: gpuEngineFactory(async () => r.device),
      train: slice(all, 0, 3200, 'train'),
      test: slice(all, 3200, 3600, 'test'),
      batchSize: 32,
      epochs: 1,
      learningRate: () => 0.003,
      lossEvery: 10,
    });
    let accuracy = 0;
    trainer.on((e) => {
      if (e.type === 'eval') accuracy = e.accuracy;
    });
    const done = await trainer.run();
    trainer.dispose();
    expect(done.reason).toBe('finished');
    expect(accuracy).toBeGreaterThanOrEqual(0.85);
  }, 600_000);

  it('a batch too large for the memory budget is refused, naming the layer and the size', async () => {
    const r = await nodeGpu();
    if ('reason' in r) throw new Error(r.reason);
    const vgg = getPreset('vgg16')!.network;
    const network = { ...vgg, input: { ...vgg.input, n: 64 } };
    const engine = gpuEngineFactory(async () => r.device);
    await expect(
      engine({
        network,
        params: {},
        optimizer: optimizer('sgd'),
        loss: 'crossEntropy',
        frozen: [],
        seed: 1,
        maxBatch: 64,
      }),
    ).rejects.toThrow(
      /a batch of 64 needs [\d.]+ MiB .*layer 'conv1_\d'.*use a batch of \d+ or fewer/,
    );
  });
});

describe('the GPU step in use', () => {
  it('a step of the same shapes allocates nothing; one layer and one feature map read on request', async () => {
    const gpu = await requireGpu();
    const network = lenet(8);
    const g = new GpuTrainer(gpu, {
      network,
      params: params(network, 3),
      optimizer: optimizer('sgd', { lr: 0.01, momentum: 0.9 }),
      loss: 'crossEntropy',
      frozen: [],
      seed: 1,
      maxBatch: 8,
    });
    try {
      const images = new Float32Array(8 * 32 * 32).fill(0.25);
      const labels = new Int32Array(8);
      await g.step(images, labels, 8, 0.01, true);
      // live: buffers created and not destroyed; inUse: those taken from the pool.
      const [live, inUse] = [gpu.buffers.live, gpu.buffers.inUse];
      for (let i = 0; i < 3; i++) await g.step(images, labels, 8, 0.01, i === 2);
      expect(gpu.buffers.live).toBe(live);
      expect(gpu.buffers.inUse).toBe(inUse);
      const c1 = await g.parameters(['c1']);
      expect(Object.keys(c1)).toEqual(['c1']);
      expect(c1.c1.weight).toHaveLength(6 * 25);
      const map = await g.featureMap('c1');
      expect(map.shape).toEqual([8, 6, 28, 28]);
    } finally {
      g.release();
    }
  }, 120_000);

  it('a lost device mid-run: the trainer goes on from the checkpoint on a new device', async () => {
    const first = await freshNodeDevice('train.first');
    let made = 0;
    const acquire = async () => (made++ === 0 ? first : freshNodeDevice('train.second'));
    const network = lenet(8);
    const all = shapesDataset({ size: 32, count: 96, seed: 2, style: 'filled', rotate: false });
    const trainer = new Trainer({
      init: {
        network,
        params: params(network, 5),
        optimizer: optimizer('sgd', { lr: 0.01 }),
        loss: 'crossEntropy',
        frozen: [],
        seed: 3,
        maxBatch: 8,
      },
      createEngine: gpuEngineFactory(acquire),
      train: all,
      batchSize: 8,
      epochs: 1,
      learningRate: () => 0.01,
      checkpointEvery: 4,
    });
    const events: string[] = [];
    trainer.on((e) => {
      events.push(e.type);
      if (e.type === 'step' && e.step === 6) first.device.destroy();
    });
    const done = await trainer.run();
    trainer.dispose();
    expect(done.reason).toBe('finished');
    expect(done.step).toBe(12);
    expect(events).toContain('recovered');
    expect(made).toBe(2);
  }, 300_000);
});
