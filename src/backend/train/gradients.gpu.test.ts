// The GPU engine's gradients() against the CPU engine's (whose gradients are held against
// PyTorch in engineGradients.torch.test.ts and network.torch.test.ts): same network, parameters
// and batches; after each step every trainable layer's gradients agree (so the GPU's are the last
// step's, not a sum), a frozen layer has none, and nothing is there before the first step. And
// the trainer's health reports from both engines agree, dead ReLUs (read back on the GPU) included.
import { describe, expect, it } from 'vitest';
import { inferShapes, type OkShape } from '../../core/infer';
import { activation, conv2d, linear, pool2d, simple, type Network } from '../../core/layers';
import { getPreset } from '../../core/presets';
import type { HealthReport } from '../../core/train/health';
import { optimizer, type OptimizerConfig } from '../../core/train/optim';
import { initLayerParams, type LayerParams } from '../../core/weights';
import type { Dataset } from '../../core/data/dataset';
import { nodeGpu } from '../../gpu/testing/nodeGpu';
import type { EngineFactory, EngineInit } from '../../train/engine';
import { Trainer } from '../../train/trainer';
import { createCpuEngine } from './cpuEngine';
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

/** Batch norm, a ReLU, a residual add, max pooling, a frozen conv in the middle. */
const small = (n: number): Network => ({
  input: { n, c: 3, h: 8, w: 8 },
  layers: [
    conv2d('a', 6, 3, { padding: 1, bias: false }),
    { id: 'bn', kind: 'batchNorm', eps: 1e-5 },
    activation('r', 'relu'),
    conv2d('b', 6, 3, { padding: 1 }),
    simple('sum', 'add', ['r', 'b']),
    pool2d('mp', 'maxPool2d', 2),
    simple('f', 'flatten'),
    linear('fc1', 12),
    activation('t', 'tanh'),
    linear('fc2', 4),
  ],
});

const batch = (network: Network, s: number, classes: number) => {
  const { n, c, h, w } = network.input;
  return {
    n,
    images: Float32Array.from({ length: n * c * h * w }, (_, i) => Math.sin(i * 0.37 + s * 1.3)),
    labels: Int32Array.from({ length: n }, (_, i) => (i * 7 + s) % classes),
  };
};

/** Largest |got − want| within 2e-3 of the tensor's largest |want| (float32 sums in another order). */
function gradMismatch(got: Float32Array, want: Float32Array): string | null {
  if (got.length !== want.length) return `length ${got.length} ≠ ${want.length}`;
  let scale = 0;
  let err = 0;
  for (let i = 0; i < want.length; i++) {
    scale = Math.max(scale, Math.abs(want[i]));
    err = Math.max(err, Math.abs(got[i] - want[i]));
  }
  return err <= 2e-3 * scale + 1e-7 ? null : `max error ${err} against max |g| ${scale}`;
}

async function compare(
  network: Network,
  opt: OptimizerConfig,
  classes: number,
  frozen: string[],
): Promise<void> {
  const r = await nodeGpu();
  if ('reason' in r) throw new Error(r.reason);
  const init: EngineInit = {
    network,
    params: params(network, 3),
    optimizer: opt,
    loss: 'crossEntropy',
    frozen,
    seed: 9,
    maxBatch: network.input.n,
  };
  const cpu = await createCpuEngine(init);
  const gpu = await gpuEngineFactory(async () => r.device)(init);
  try {
    expect(await gpu.gradients()).toEqual({});
    for (let s = 0; s < 2; s++) {
      const b = batch(network, s, classes);
      await cpu.step(b, opt.lr, { loss: false });
      await gpu.step(b, opt.lr, { loss: false });
      const want = await cpu.gradients();
      const got = await gpu.gradients();
      expect(Object.keys(got).sort()).toEqual(Object.keys(want).sort());
      for (const id of frozen) expect(got[id]).toBeUndefined();
      for (const [id, fields] of Object.entries(want))
        for (const [field, g] of Object.entries(fields) as [string, Float32Array][])
          expect(gradMismatch(got[id][field as 'weight']!, g), `step ${s + 1} ${id}.${field}`).toBe(
            null,
          );
      const some = Object.keys(want)[0];
      expect(Object.keys(await gpu.gradients([some]))).toEqual([some]);
    }
  } finally {
    gpu.dispose();
  }
}

/** Random-ish images of `shape` (seeded by index), 4 classes. */
const data = (shape: [number, number, number]): Dataset => ({
  name: 'waves',
  shape,
  classes: ['a', 'b', 'c', 'd'],
  size: 32,
  example(i, out, off) {
    const n = shape[0] * shape[1] * shape[2];
    for (let k = 0; k < n; k++) out[off + k] = Math.sin(k * 0.21 * (1 + (i % 4)) + i);
    return i % 4;
  },
});

async function healthOf(create: EngineFactory, network: Network): Promise<HealthReport> {
  const t = new Trainer({
    init: {
      network,
      params: params(network, 3),
      optimizer: optimizer('sgd', { lr: 0.05, momentum: 0.9 }),
      loss: 'crossEntropy',
      frozen: ['b'],
      seed: 9,
      maxBatch: 8,
    },
    createEngine: create,
    train: data([3, 8, 8]),
    batchSize: 8,
    epochs: 1,
    learningRate: () => 0.05,
    healthEvery: 2,
  });
  const reports: HealthReport[] = [];
  t.on((e) => e.type === 'health' && reports.push(e.report));
  await t.run();
  t.dispose();
  expect(reports.map((x) => x.step)).toEqual([2, 4]);
  return reports[1];
}

describe('the GPU engine’s gradients equal the CPU engine’s', () => {
  it(
    'LeNet-5, batch 8, SGD with momentum: 2 steps',
    () => compare(lenet(8), optimizer('sgd', { lr: 0.05, momentum: 0.9 }), 10, []),
    120_000,
  );

  it(
    'batch norm, ReLU, a residual add, C frozen in the middle; Adam: 2 steps',
    () => compare(small(4), optimizer('adam', { lr: 0.01 }), 4, ['b']),
    120_000,
  );

  it('the trainer’s health report is the same on either engine', async () => {
    const r = await nodeGpu();
    if ('reason' in r) throw new Error(r.reason);
    const want = await healthOf(createCpuEngine, small(8));
    const got = await healthOf(
      gpuEngineFactory(async () => r.device),
      small(8),
    );
    expect(got.layers.map((l) => [l.id, l.verdict])).toEqual(
      want.layers.map((l) => [l.id, l.verdict]),
    );
    for (const [i, l] of want.layers.entries()) {
      const g = got.layers[i];
      // Within 1% (a frozen layer's ratio is exactly 0 on both).
      if (l.ratio !== null)
        expect(Math.abs(g.ratio! - l.ratio), l.id).toBeLessThanOrEqual(0.01 * l.ratio);
      if (l.gradientRms !== null)
        expect(Math.abs(g.gradientRms! - l.gradientRms), l.id).toBeLessThanOrEqual(
          0.01 * l.gradientRms,
        );
    }
    expect(got.dead).toEqual(want.dead);
    expect(got.dead.map((d) => [d.id, d.after, d.units])).toEqual([['r', 'bn', 6]]);
  }, 120_000);
});
