// The trainer's control flow against a scripted engine: batches, shuffling, events, pause /
// resume / stop, a diverging loss, a lost device. (Real training on real engines: the
// training tests beside the engines.)
import { describe, expect, it } from 'vitest';
import type { Dataset } from '../core/data/dataset';
import { optimizer } from '../core/train/optim';
import type { LayerParams } from '../core/weights';
import { DeviceLostError, type EngineInit, type TrainBatch, type TrainEngine } from './engine';
import { shuffled, Trainer, type TrainerEvent } from './trainer';

/** 10 examples, each image its own index, label = index mod 3. */
const data: Dataset = {
  name: 'counting',
  shape: [1, 1, 1],
  classes: ['a', 'b', 'c'],
  size: 10,
  example: (i, out, off) => {
    out[off] = i;
    return i % 3;
  },
};

const init: EngineInit = {
  network: { input: { n: 4, c: 1, h: 1, w: 1 }, layers: [] },
  params: { w: { weight: new Float32Array([1]) } },
  optimizer: optimizer('sgd', { lr: 0.1 }),
  loss: 'crossEntropy',
  frozen: [],
  seed: 9,
  maxBatch: 4,
};

/** An engine that records what it was given and follows a script of losses. */
function scripted(script: (step: number, batch: TrainBatch) => number | Error) {
  const seen: number[][] = [];
  const made: Record<string, LayerParams>[] = [];
  let steps = 0;
  const create = async (i: EngineInit): Promise<TrainEngine> => {
    made.push(i.params as Record<string, LayerParams>);
    const w = Float32Array.from((i.params.w as LayerParams).weight!);
    return {
      kind: 'cpu',
      async step(batch, lr) {
        const r = script(steps, batch);
        if (r instanceof Error) throw r;
        steps++;
        seen.push([...batch.images]);
        w[0] += lr; // the "update", so checkpoints can be told apart
        return { loss: r, correct: batch.labels.filter((l) => l === 0).length };
      },
      async evaluate(batch) {
        return { loss: 0.5, correct: batch.n };
      },
      async parameters() {
        return { w: { weight: w.slice() } };
      },
      async gradients() {
        return {};
      },
      async featureMap() {
        return { shape: [1], data: new Float32Array(1) };
      },
      dispose() {},
    };
  };
  return { create, seen, made };
}

const trainer = (engine: ReturnType<typeof scripted>, patch = {}) =>
  new Trainer({
    init,
    createEngine: engine.create,
    train: data,
    test: data,
    batchSize: 4,
    epochs: 2,
    learningRate: () => 0.1,
    ...patch,
  });

describe('the trainer', () => {
  it('every example once per epoch, in a seeded order, last batch short; events in order', async () => {
    const e = scripted(() => 1);
    const t = trainer(e);
    const events: TrainerEvent[] = [];
    t.on((ev) => events.push(ev));
    const done = await t.run();
    expect(done).toMatchObject({ type: 'done', reason: 'finished', step: 6 });
    expect(e.seen.map((b) => b.length)).toEqual([4, 4, 2, 4, 4, 2]);
    for (const epoch of [e.seen.slice(0, 3), e.seen.slice(3)])
      expect(epoch.flat().sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(e.seen.slice(0, 3).flat()).not.toEqual(e.seen.slice(3).flat()); // reshuffled
    expect(events.map((x) => x.type)).toEqual([
      'step',
      'step',
      'step',
      'eval',
      'step',
      'step',
      'step',
      'eval',
      'done',
    ]);
    // The same seed, the same order: a run can be repeated.
    const again = scripted(() => 1);
    await trainer(again).run();
    expect(again.seen).toEqual(e.seen);
  });

  it('a shuffle is a permutation, fixed by its seed', () => {
    const p = shuffled(1000, 3);
    expect([...p].sort((a, b) => a - b)).toEqual([...Array(1000).keys()]);
    expect(shuffled(1000, 3)).toEqual(p);
    expect(shuffled(1000, 4)).not.toEqual(p);
  });

  it('a loss that becomes NaN stops the run, names the step and the learning rate, keeps the checkpoint', async () => {
    const e = scripted((s) => (s === 4 ? NaN : 1));
    const t = trainer(e, { checkpointEvery: 2, learningRate: () => 0.5 });
    const done = await t.run();
    expect(done.reason).toBe('failed');
    expect(done.message).toMatch(/stopped at step 5: the loss became NaN/);
    expect(done.message).toMatch(/learning rate 0\.5 is most likely too high — .* Try 0\.05/);
    expect(done.message).toMatch(/parameters of step 4 are kept/);
    // Four good steps of lr 0.5: the checkpoint after step 4, not the spoiled step 5.
    expect((await t.parameters()).w.weight![0]).toBeCloseTo(1 + 4 * 0.5);
  });

  it('∞ is named too', async () => {
    const done = await trainer(scripted((s) => (s === 0 ? Infinity : 1))).run();
    expect(done.message).toMatch(/step 1: the loss became ∞.*from before training are kept/);
  });

  it('a lost device: a new engine from the last checkpoint, the step done again, the run goes on', async () => {
    let lost = false;
    const e = scripted((s) => {
      if (s === 3 && !lost) {
        lost = true;
        return new DeviceLostError('the GPU was reset');
      }
      return 1;
    });
    const t = trainer(e, { checkpointEvery: 2 });
    const events: TrainerEvent[] = [];
    t.on((ev) => events.push(ev));
    const done = await t.run();
    expect(done.reason).toBe('finished');
    expect(done.step).toBe(6);
    expect(e.made).toHaveLength(2);
    expect(e.made[1].w.weight![0]).toBeCloseTo(1 + 2 * 0.1); // the checkpoint after step 2
    expect(events.find((x) => x.type === 'recovered')).toMatchObject({
      message: expect.stringMatching(/GPU device was lost \(the GPU was reset\)/),
    });
  });

  it('another error ends the run with its message', async () => {
    const done = await trainer(scripted(() => new Error('out of memory'))).run();
    expect(done).toMatchObject({ reason: 'failed', message: 'out of memory' });
  });

  it('pause holds after the step in flight, resume goes on, stop ends a paused run', async () => {
    const e = scripted(() => 1);
    const t = trainer(e, { epochs: 10 });
    const events: TrainerEvent[] = [];
    t.on((ev) => {
      events.push(ev);
      if (ev.type === 'step' && ev.step === 2) t.pause();
      if (ev.type === 'paused' && ev.step === 2) setTimeout(() => t.resume(), 5);
      if (ev.type === 'step' && ev.step === 5) t.pause();
      if (ev.type === 'paused' && ev.step === 5) setTimeout(() => t.stop(), 5);
    });
    const done = await t.run();
    expect(done).toMatchObject({ reason: 'stopped', step: 5 });
    const kinds = events.map((x) => (x.type === 'step' ? `s${x.step}` : x.type));
    expect(kinds.slice(0, 5)).toEqual(['s1', 's2', 'paused', 'resumed', 's3']);
    expect(t.state).toBe('done');
  });

  it('stepOnce while paused runs exactly one step and pauses again; ignored while running', async () => {
    const e = scripted(() => 1);
    const t = trainer(e, { epochs: 10 });
    const events: TrainerEvent[] = [];
    t.on((ev) => {
      events.push(ev);
      if (ev.type === 'step' && ev.step === 1) {
        t.stepOnce(); // running: nothing happens
        t.pause();
      }
      if (ev.type === 'paused' && ev.step < 3) setTimeout(() => t.stepOnce(), 5);
      if (ev.type === 'paused' && ev.step === 3) setTimeout(() => t.resume(), 5);
      if (ev.type === 'step' && ev.step === 4) t.stop();
    });
    const done = await t.run();
    expect(done).toMatchObject({ reason: 'stopped', step: 4 });
    const kinds = events
      .filter((x) => x.type !== 'eval')
      .map((x) => (x.type === 'step' ? `s${x.step}` : x.type));
    expect(kinds).toEqual([
      's1',
      'paused',
      's2',
      'paused',
      's3',
      'paused',
      'resumed',
      's4',
      'done',
    ]);
    expect(e.seen).toHaveLength(4);
  });

  it('reports examples per second and the batch accuracy', async () => {
    let clock = 0;
    const t = trainer(
      scripted(() => 1),
      { now: () => (clock += 100), epochs: 1 },
    );
    const steps: Extract<TrainerEvent, { type: 'step' }>[] = [];
    t.on((ev) => ev.type === 'step' && steps.push(ev));
    await t.run();
    // 4 examples per 100 ms of the fake clock (the first step also waits for the shuffle read).
    expect(steps[1].examplesPerSecond).toBeGreaterThan(10);
    expect(steps.every((s) => s.accuracy !== null && s.accuracy >= 0 && s.accuracy <= 1)).toBe(
      true,
    );
  });
});
