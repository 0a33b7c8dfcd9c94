// The training session on the CPU engine, inline (the worker is a thin shell over the same
// runSession): real LeNet-5 steps on real MNIST bytes, the controls, the refusals and a divergence.
import { beforeAll, describe, expect, it } from 'vitest';
import { mnistBytes } from '../../../scripts/data/mnistConvert';
import { inferShapes, type OkShape } from '../../core/infer';
import type { Network } from '../../core/layers';
import { getPreset } from '../../core/presets';
import { optimizer } from '../../core/train/optim';
import { initLayerParams, type LayerParams } from '../../core/weights';
import { sessionDatasets } from './sessionSpec';
import {
  sessionRefusal,
  SessionRefusedError,
  startSession,
  type SessionEvent,
  type SessionSpec,
} from './session';

const lenet = getPreset('lenet5')!.network;

function initialParams(network: Network, seed = 5): Record<string, LayerParams> {
  const out: Record<string, LayerParams> = {};
  for (const ls of inferShapes(network).layers) {
    const p = initLayerParams(ls as OkShape, seed);
    if (Object.keys(p).length > 0) out[ls.id] = p;
  }
  return out;
}

let bytes: Uint8Array;
beforeAll(() => {
  bytes = mnistBytes();
});

const spec = (patch: Partial<SessionSpec> = {}): SessionSpec => ({
  network: lenet,
  params: initialParams(lenet),
  frozen: [],
  dataset: { id: 'mnist', mnistBytes: bytes, trainLimit: 320, testLimit: 64 },
  optimizer: optimizer('adam', { lr: 0.003 }),
  learningRate: 0.003,
  batchSize: 16,
  epochs: 1,
  seed: 3,
  augment: false,
  evalEvery: 10,
  snapshotEvery: 5,
  engine: 'cpu',
  ...patch,
});

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('a training session (CPU engine, inline)', () => {
  it('LeNet-5 on MNIST: steps, evaluations, snapshots, a falling loss, the last parameters', async () => {
    const s = startSession(spec(), { cpuOn: 'inline' });
    const events: SessionEvent[] = [];
    s.on((e) => events.push(e));
    const result = await s.finished;
    expect(result.reason).toBe('finished');
    const steps = events.filter((e) => e.type === 'step');
    expect(steps).toHaveLength(20);
    const losses = steps.map((e) => e.loss!);
    expect(mean(losses.slice(-5))).toBeLessThan(mean(losses.slice(0, 5)) * 0.8);
    const evals = events.filter((e) => e.type === 'eval');
    expect(evals.map((e) => e.step)).toEqual([10, 20]);
    expect(evals[0].examples).toBe(64);
    const snaps = events.filter((e) => e.type === 'params');
    expect(snaps.map((e) => e.step)).toEqual([5, 10, 15, 20, 20]);
    // The last parameters come just before 'done', and are what `finished` gives.
    expect(events.at(-1)).toMatchObject({ type: 'done', reason: 'finished', step: 20 });
    expect(events.at(-2)).toMatchObject({ type: 'params', step: 20 });
    expect(result.params).toBe((events.at(-2) as { params: unknown }).params);
    // They moved from the starting ones, and every layer with parameters is there.
    const start = spec().params;
    expect(Object.keys(result.params).sort()).toEqual(Object.keys(start).sort());
    expect(result.params.c1.weight).not.toEqual(start.c1.weight);
  }, 20_000);

  it('pause, one step, resume, stop: a snapshot at each pause, exactly one step between pauses', async () => {
    const s = startSession(spec({ snapshotEvery: 0, evalEvery: 0, augment: true }), {
      cpuOn: 'inline',
    });
    const events: SessionEvent[] = [];
    const pausedAt: number[] = [];
    s.on((e) => {
      events.push(e);
      if (e.type === 'step' && e.step === 2) s.pause();
      if (e.type === 'paused') {
        pausedAt.push(e.step);
        if (pausedAt.length === 1) setTimeout(() => s.stepOnce(), 5);
        if (pausedAt.length === 2) setTimeout(() => s.resume(), 5);
      }
      if (e.type === 'resumed') s.stop();
    });
    const result = await s.finished;
    expect(result.reason).toBe('stopped');
    expect(pausedAt).toHaveLength(2);
    expect(pausedAt[1]).toBe(pausedAt[0] + 1);
    const kinds = events.map((e) => e.type);
    const first = kinds.indexOf('paused');
    // paused, its snapshot, the one step, paused again, its snapshot, resumed, …, done.
    expect(kinds.slice(first, first + 6)).toEqual([
      'paused',
      'params',
      'step',
      'paused',
      'params',
      'resumed',
    ]);
    expect(events.at(-1)).toMatchObject({ type: 'done', reason: 'stopped' });
    expect(events.filter((e) => e.type === 'step').length).toBeLessThan(20);
  }, 20_000);

  it('a learning rate of 1e3 diverges: a failed done with the trainer’s message', async () => {
    // Leaky ReLUs: tanh saturates, and the (log-sum-exp) loss then stays large but finite.
    const network: Network = {
      ...lenet,
      layers: lenet.layers.map((l) => (l.kind === 'activation' ? { ...l, fn: 'leakyRelu' } : l)),
    };
    const s = startSession(
      spec({
        network,
        params: initialParams(network),
        learningRate: 1e3,
        optimizer: optimizer('sgd', { lr: 1e3, momentum: 0.9 }),
        evalEvery: 0,
      }),
      { cpuOn: 'inline' },
    );
    const events: SessionEvent[] = [];
    s.on((e) => events.push(e));
    const result = await s.finished;
    expect(result.reason).toBe('failed');
    expect(result.message).toMatch(
      /the loss became .*The learning rate 1000 is most likely too high/,
    );
    expect(events.at(-1)).toMatchObject({
      type: 'done',
      reason: 'failed',
      message: result.message,
    });
    // The kept parameters (the last checkpoint, here the starting ones) are finite.
    for (const p of Object.values(result.params))
      for (const a of Object.values(p))
        expect((a as Float32Array).every(Number.isFinite)).toBe(true);
  }, 20_000);
});

describe('refusals before training', () => {
  async function refused(s: SessionSpec): Promise<string> {
    const session = startSession(s, { cpuOn: 'inline' });
    const events: SessionEvent[] = [];
    session.on((e) => events.push(e));
    const err = await session.finished.then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(SessionRefusedError);
    expect(events).toEqual([]);
    return (err as Error).message;
  }

  it('a last linear layer of 12 outputs: says to set it to 10', async () => {
    const network: Network = {
      ...lenet,
      layers: lenet.layers.map((l) => (l.id === 'output' ? { ...l, outFeatures: 12 } : l)),
    };
    const why =
      "The last linear layer ('output') has 12 outputs; MNIST has 10 classes — set it to 10.";
    expect(sessionRefusal(spec({ network }))).toBe(why);
    expect(await refused(spec({ network, params: initialParams(network) }))).toBe(why);
  });

  it('an input the dataset does not have: says which it needs', async () => {
    expect(await refused(spec({ dataset: { id: 'colors' } }))).toBe(
      "The colour shapes are 64×64 RGB images; the network's input is 1×32×32 — set it to 3×64×64.",
    );
    const network = { ...lenet, input: { ...lenet.input, h: 30, w: 30 } };
    expect(await refused(spec({ network }))).toBe(
      "MNIST digits are 28×28 pixels with 1 channel (32×32 with LeNet-5's 2-pixel border); the network's input is 1×30×30 — set it to 1×28×28 or 1×32×32.",
    );
  });

  it('a layer without starting parameters', async () => {
    const params = initialParams(lenet);
    delete params.f6;
    expect(await refused(spec({ params }))).toBe(
      "Layer 'f6' has no parameters to start from — initialize the network's weights first.",
    );
  });

  it('no MNIST bytes, an empty training set, no GPU device', async () => {
    expect(await refused(spec({ dataset: { id: 'mnist' } }))).toMatch(/No MNIST data was given/);
    expect(
      await refused(spec({ dataset: { id: 'mnist', mnistBytes: bytes, trainLimit: 0 } })),
    ).toMatch(/has no examples to train on/);
    expect(await refused(spec({ engine: 'gpu' }))).toMatch(/needs a WebGPU device/);
  });
});

describe('the datasets of a session', () => {
  it('MNIST padded to the input, limited, shifted when augmented; the colour shapes at 64×64', () => {
    const mnist = sessionDatasets(spec({ augment: true }));
    expect(mnist.train.shape).toEqual([1, 32, 32]);
    expect(mnist.train.size).toBe(320);
    expect(mnist.test.size).toBe(64);
    expect(mnist.train.name).toMatch(/shift ±2 px/);
    const unpadded = { ...lenet, input: { ...lenet.input, h: 28, w: 28 } };
    expect(sessionDatasets(spec({ network: unpadded })).train.shape).toEqual([1, 28, 28]);
    const colors = sessionDatasets(
      spec({ dataset: { id: 'colors', trainLimit: 50, testLimit: 10 }, augment: true }),
    );
    expect(colors.train.shape).toEqual([3, 64, 64]);
    expect(colors.train.size).toBe(50);
    expect(colors.train.name).toMatch(/shift ±4 px/);
  });
});

describe('transfer learning and captured classes', () => {
  const head5 = {
    ...lenet,
    layers: lenet.layers.map((l) =>
      l.id === 'output' && l.kind === 'linear' ? { ...l, outFeatures: 5 } : l,
    ),
  };
  it('digits 5–9, 10 per class: 50 training digits relabelled 0–4, every held-out 5–9', () => {
    const s = spec({
      network: head5,
      params: initialParams(head5),
      dataset: { id: 'mnist', mnistBytes: bytes, classes: [5, 6, 7, 8, 9], perClass: 10 },
    });
    expect(sessionRefusal(s)).toBeNull();
    const { train, test } = sessionDatasets(s);
    expect(train.size).toBe(50);
    expect(train.classes).toEqual(['5', '6', '7', '8', '9']);
    const out = new Float32Array(32 * 32);
    const labels = Array.from({ length: 50 }, (_, i) => train.example(i, out, 0));
    expect([0, 1, 2, 3, 4].map((k) => labels.filter((l) => l === k).length)).toEqual([
      10, 10, 10, 10, 10,
    ]);
    // The held-out 5–9 of the fixed split (15% of each digit's examples).
    expect(test.size).toBeGreaterThan(600);
    expect(test.size).toBeLessThan(900);
    // The 10-output head is refused with the count to set.
    expect(sessionRefusal({ ...s, network: lenet, params: initialParams(lenet) })).toMatch(
      /'output'\) has 10 outputs; MNIST digits 5, 6, 7, 8, 9 has 5 classes — set it to 5/,
    );
  });

  it('your classes: an empty class is named before training; a good set trains', async () => {
    const head2 = {
      ...lenet,
      layers: lenet.layers.map((l) =>
        l.id === 'output' && l.kind === 'linear' ? { ...l, outFeatures: 2 } : l,
      ),
    };
    const pics = (v: number, n: number) =>
      Array.from({ length: n }, (_, j) => new Float32Array(32 * 32).fill(v + j * 0.01));
    const own = (n1: number) => ({
      names: ['dark', 'light'],
      shape: [1, 32, 32] as const,
      images: [pics(0, 6), pics(0.9, n1)],
    });
    const base = spec({ network: head2, params: initialParams(head2), batchSize: 4 });
    expect(sessionRefusal({ ...base, dataset: { id: 'own', own: own(0) } })).toBe(
      "Class 'light' has no pictures yet: add at least 2.",
    );
    const s = startSession(
      { ...base, dataset: { id: 'own', own: own(6) }, epochs: 3 },
      {
        cpuOn: 'inline',
      },
    );
    const evals: number[] = [];
    s.on((e) => e.type === 'eval' && evals.push(e.accuracy));
    const result = await s.finished;
    expect(result.reason).toBe('finished');
    // 10 of 12 train, 2 held out (one of each); the two classes are easy to tell apart.
    expect(evals.at(-1)).toBe(1);
  }, 20_000);
});
