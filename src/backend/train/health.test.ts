// The health check on real training runs (Trainer + CPU engine): a network built to vanish (eight
// sigmoid layers, small init) gets the vanishing verdict on its first layers, a huge learning rate
// the exploding one, ReLUs pushed below zero the dead one, and LeNet-5 on MNIST with the studio's
// defaults none. The session posts 'health' events at the interval asked.
import { beforeAll, describe, expect, it } from 'vitest';
import { mnistBytes } from '../../../scripts/data/mnistConvert';
import type { Dataset } from '../../core/data/dataset';
import { inferShapes, type OkShape } from '../../core/infer';
import { activation, linear, simple, type Network } from '../../core/layers';
import { getPreset } from '../../core/presets';
import { createRng } from '../../core/rng';
import type { HealthReport } from '../../core/train/health';
import { optimizer, type OptimizerConfig } from '../../core/train/optim';
import { initLayerParams, type LayerParams } from '../../core/weights';
import { Trainer } from '../../train/trainer';
import { createCpuEngine } from './cpuEngine';
import { startSession, type SessionEvent } from './session';

function params(network: Network, seed = 5): Record<string, LayerParams> {
  const out: Record<string, LayerParams> = {};
  for (const ls of inferShapes(network).layers) {
    const p = initLayerParams(ls as OkShape, seed);
    if (Object.keys(p).length > 0) out[ls.id] = p;
  }
  return out;
}

/** 64 random 1×8×8 images, the class from the sign of their mean (learnable, and seeded). */
function noise(classes = 2): Dataset {
  const rng = createRng(11);
  const images = Array.from({ length: 64 }, () => Float32Array.from({ length: 64 }, rng.normal));
  return {
    name: 'noise',
    shape: [1, 8, 8],
    classes: Array.from({ length: classes }, (_, i) => `c${i}`),
    size: images.length,
    example(i, out, off) {
      out.set(images[i], off);
      return images[i].reduce((a, b) => a + b, 0) > 0 ? 1 : 0;
    },
  };
}

const mlp = (acts: string[], width = 32, classes = 2): Network => ({
  input: { n: 16, c: 1, h: 8, w: 8 },
  layers: [
    simple('flat', 'flatten'),
    ...acts.flatMap((fn, i) => [
      { ...linear(`fc${i + 1}`, width), name: `FC${i + 1}` },
      activation(`a${i + 1}`, fn as 'sigmoid'),
    ]),
    linear('out', classes),
  ],
});

/** Runs `steps` steps with a health report every step; returns the reports. */
async function reports(
  network: Network,
  p: Record<string, LayerParams>,
  opt: OptimizerConfig,
  steps: number,
  data: Dataset = noise(),
): Promise<HealthReport[]> {
  const t = new Trainer({
    init: {
      network,
      params: p,
      optimizer: opt,
      loss: 'crossEntropy',
      frozen: [],
      seed: 1,
      maxBatch: 16,
    },
    createEngine: createCpuEngine,
    train: data,
    batchSize: 16,
    epochs: Math.ceil((steps * 16) / data.size),
    learningRate: () => opt.lr,
    healthEvery: 1,
  });
  const out: HealthReport[] = [];
  t.on((e) => {
    if (e.type === 'health') out.push(e.report);
    if (e.type === 'step' && e.step >= steps) t.stop();
  });
  await t.run();
  return out;
}

describe('health verdicts on real runs (CPU engine)', () => {
  it('eight sigmoid layers with a small init: the first layers vanish, in words', async () => {
    const net = mlp(Array(8).fill('sigmoid'));
    const p = params(net);
    for (const lp of Object.values(p)) lp.weight!.forEach((v, i, w) => (w[i] = v * 0.25));
    const [r] = await reports(net, p, optimizer('sgd', { lr: 0.1 }), 1);
    expect(r.step).toBe(1);
    const first = r.layers.find((l) => l.id === 'fc1')!;
    const last = r.layers.find((l) => l.id === 'out')!;
    expect(first.verdict).toBe('vanishing');
    expect(last.verdict).not.toBe('vanishing');
    // Each sigmoid passes at most 1/4 of the gradient back: RMS shrinks layer by layer.
    const rms = r.layers.map((l) => l.gradientRms!);
    expect(rms[0]).toBeLessThan(rms.at(-1)! * 1e-3);
    const w = r.warnings.find((x) => x.kind === 'vanishing')!;
    expect(w.layers).toContain('fc1');
    expect(w.text).toMatch(
      /^Vanishing gradients: gradients in FC1 are ~\de-\d+, ([\d,]+×|\d+ orders of magnitude) smaller than in /,
    );
  });

  it('learning rate 100: updates far above 10% of the weights, "exploding", lower it', async () => {
    const net = mlp(['relu', 'relu']);
    const [r] = await reports(net, params(net), optimizer('sgd', { lr: 100 }), 1);
    expect(r.layers.some((l) => l.verdict === 'exploding')).toBe(true);
    const w = r.warnings.find((x) => x.kind === 'exploding')!;
    expect(w.text).toMatch(/of the weights per step/);
    expect(w.text).toMatch(/lower it/);
  });

  it('a ReLU layer whose bias is −100: every unit dead', async () => {
    const net = mlp(['relu']);
    const p = params(net);
    (p.fc1 as { bias: Float32Array }).bias.fill(-100);
    const [r] = await reports(net, p, optimizer('sgd', { lr: 0.01 }), 1);
    expect(r.dead).toEqual([{ id: 'a1', after: 'FC1', dead: 32, units: 32 }]);
    expect(r.warnings.find((w) => w.kind === 'dead')!.text).toMatch(/32 of 32 units after FC1/);
  });
});

describe('LeNet-5 on MNIST, and the session', () => {
  let bytes: Uint8Array;
  beforeAll(() => {
    bytes = mnistBytes();
  });
  const lenet = getPreset('lenet5')!.network;
  const spec = (healthEvery?: number) => ({
    network: lenet,
    params: params(lenet),
    frozen: ['c3'],
    dataset: { id: 'mnist' as const, mnistBytes: bytes, trainLimit: 256, testLimit: 32 },
    optimizer: optimizer('adam', { lr: 0.002 }),
    learningRate: 0.002,
    batchSize: 32,
    epochs: 1,
    seed: 1,
    augment: false,
    evalEvery: 0,
    snapshotEvery: 0,
    engine: 'cpu' as const,
    ...(healthEvery !== undefined ? { healthEvery } : {}),
  });

  it('posts health every 4 steps (Adam 0.002, C3 frozen): no vanishing or exploding', async () => {
    const s = startSession(spec(4), { cpuOn: 'inline' });
    const events: SessionEvent[] = [];
    s.on((e) => events.push(e));
    expect((await s.finished).reason).toBe('finished');
    const health = events.filter((e) => e.type === 'health');
    expect(health.map((e) => e.step)).toEqual([4, 8]);
    // Each report follows its step's 'step' event.
    const at = events.findIndex((e) => e.type === 'health');
    expect(events[at - 1]).toMatchObject({ type: 'step', step: 4 });
    const r = health[1].report;
    expect(r.layers.map((l) => l.id)).toEqual(['c1', 'c3', 'c5', 'f6', 'output']);
    expect(r.layers[1].verdict).toBe('frozen');
    expect(r.layers[1].tensors.every((t) => t.update === 0 && t.gradient === null)).toBe(true);
    for (const l of r.layers.filter((x) => !x.frozen)) {
      expect(['ok', 'fast', 'slow']).toContain(l.verdict);
      expect(l.tensors.map((t) => t.field)).toEqual(['weight', 'bias']);
    }
    expect(r.warnings).toEqual([]);
  });

  it('the default interval: every 10 steps (within a time budget)', async () => {
    const s = startSession(spec(), { cpuOn: 'inline' });
    const steps: number[] = [];
    s.on((e) => e.type === 'health' && steps.push(e.step));
    await s.finished;
    expect(steps).toEqual([]); // 8 steps: none due yet
    const s2 = startSession(
      { ...spec(), dataset: { ...spec().dataset, trainLimit: 640 } },
      { cpuOn: 'inline' },
    );
    const steps2: number[] = [];
    s2.on((e) => e.type === 'health' && steps2.push(e.step));
    await s2.finished;
    // The first at step 10; the next at 20 unless a report cost more than 5% of 10 steps' time
    // (HEALTH_BUDGET: timing, on a loaded machine it may come later).
    expect(steps2[0]).toBe(10);
    expect(steps2.slice(1).every((s) => s >= 20)).toBe(true);
  });
});
