// What the health check costs a CPU training run: LeNet-5 on 640 MNIST digits (20 steps of 32,
// Adam), the Trainer with the CPU engine, without health reports and with one every 10 steps
// (the session's default, HEALTH_EVERY) and every step (its cost per report, for scale).
// `npm run bench:health`. The target: every 10 steps slows training by less than 10%.
import { bench, describe } from 'vitest';
import { mnistBytes } from '../../../scripts/data/mnistConvert';
import { gatherBatch, slice } from '../../core/data/dataset';
import { mnistDatasets } from '../../core/data/mnist';
import { inferShapes, type OkShape } from '../../core/infer';
import { getPreset } from '../../core/presets';
import { networkHealth } from '../../core/train/health';
import { optimizer } from '../../core/train/optim';
import { initLayerParams, type LayerParams } from '../../core/weights';
import { healthLayers } from '../../train/healthProbe';
import { Trainer } from '../../train/trainer';
import { createCpuEngine } from './cpuEngine';
import { HEALTH_EVERY } from './sessionRun';

const BATCH = 32;
const STEPS = 20;
const network = getPreset('lenet5')!.network;
const params: Record<string, LayerParams> = {};
for (const ls of inferShapes({ ...network, input: { ...network.input, n: BATCH } }).layers) {
  const p = initLayerParams(ls as OkShape, 1);
  if (Object.keys(p).length > 0) params[ls.id] = p;
}
const train = slice(mnistDatasets(mnistBytes(), { pad: 2 }).train, 0, STEPS * BATCH);

async function run(healthEvery: number): Promise<void> {
  const t = new Trainer({
    init: {
      network: { ...network, input: { ...network.input, n: BATCH } },
      params,
      optimizer: optimizer('adam', { lr: 0.002 }),
      loss: 'crossEntropy',
      frozen: [],
      seed: 1,
      maxBatch: BATCH,
    },
    createEngine: createCpuEngine,
    train,
    batchSize: BATCH,
    epochs: 1,
    learningRate: () => 0.002,
    healthEvery,
  });
  let reports = 0;
  t.on((e) => void (e.type === 'health' && reports++));
  await t.run();
  if (reports !== (healthEvery ? Math.floor(STEPS / healthEvery) : 0))
    throw new Error(`${reports} health reports`);
}

const opts = { iterations: 8, warmupIterations: 1, time: 0, warmupTime: 0 };

describe(`LeNet-5, ${STEPS} CPU steps of ${BATCH} MNIST digits`, () => {
  bench('no health reports', () => run(0), opts);
  bench(`a health report every ${HEALTH_EVERY} steps`, () => run(HEALTH_EVERY), opts);
  bench('a health report every step', () => run(1), opts);
});

// The two parts on their own (less noisy on a shared machine than whole runs): the slowdown of a
// report every N steps is (one report) / (N × one step).
describe('LeNet-5 on the CPU engine: one step against one health report', async () => {
  const engine = await createCpuEngine({
    network: { ...network, input: { ...network.input, n: BATCH } },
    params,
    optimizer: optimizer('adam', { lr: 0.002 }),
    loss: 'crossEntropy',
    frozen: [],
    seed: 1,
    maxBatch: BATCH,
  });
  const b = gatherBatch(
    train,
    Int32Array.from({ length: BATCH }, (_, i) => i),
  );
  const batch = { n: BATCH, images: b.images, labels: b.labels };
  await engine.step(batch, 0.002, { loss: true });
  const { layers, relus } = healthLayers(network);
  const fast = { iterations: 40, warmupIterations: 3, time: 0, warmupTime: 0 };
  bench(
    'one training step (batch 32)',
    () => engine.step(batch, 0.002, { loss: true }).then(),
    fast,
  );
  bench(
    'one health report: two parameter reads, the gradients, the maths',
    async () => {
      const before = await engine.parameters();
      const gradients = await engine.gradients();
      const after = await engine.parameters();
      const outputs = [];
      for (const r of relus) outputs.push({ ...r, output: await engine.featureMap(r.id) });
      networkHealth({ step: 1, layers, before, after, gradients, relus: outputs });
    },
    fast,
  );
});
