// Which steps the trainer's health check measures, and what it watches in a network.
import { describe, expect, it } from 'vitest';
import type { Dataset } from '../core/data/dataset';
import { activation, conv2d, linear, simple } from '../core/layers';
import { optimizer } from '../core/train/optim';
import type { TrainEngine } from './engine';
import { HealthProbe, healthLayers } from './healthProbe';
import { Trainer } from './trainer';

const net = {
  input: { n: 1, c: 1, h: 8, w: 8 },
  layers: [
    { ...conv2d('c1', 4, 3), name: 'C1' },
    activation('r1', 'relu'),
    activation('t', 'tanh'),
    simple('f', 'flatten'),
    linear('fc', 3),
    activation('r2', 'relu', { inputs: ['fc'] }),
  ],
};

describe('the health probe', () => {
  it('watches the layers with parameters and the ReLUs, named by what feeds them', () => {
    expect(healthLayers(net)).toEqual({
      layers: [
        { id: 'c1', name: 'C1' },
        { id: 'fc', name: 'fc' },
      ],
      relus: [
        { id: 'r1', after: 'C1' },
        { id: 'r2', after: 'fc' },
      ],
    });
  });

  it('no dead-unit count for a ReLU output over 4 Mi values (a readback too large)', () => {
    const big = { ...net, input: { n: 64, c: 1, h: 256, w: 256 } }; // r1: 64·4·254·254 values
    expect(healthLayers(big).relus).toEqual([{ id: 'r2', after: 'fc' }]);
  });

  it('every 10 steps: steps 10, 20, 30', () => {
    const p = new HealthProbe(net, 10, 0);
    const due = (from: number) => [...Array(40).keys()].filter((d) => d >= from && p.due(d))[0];
    expect(due(0)).toBe(9); // 9 steps done: the 10th is measured
    p.stepTook(10);
    p.schedule(10, 500); // no budget: the cost does not matter
    expect(due(10)).toBe(19);
  });

  it('over budget: a report of 20 ms against steps of 10 ms at 5% waits 40 steps', () => {
    const p = new HealthProbe(net, 10, 0.05);
    p.stepTook(10);
    p.schedule(10, 20); // 20 / (0.05 · 10) = 40 steps
    expect(p.due(48)).toBe(false);
    expect(p.due(49)).toBe(true);
    p.schedule(50, 1); // cheap again: back to every 10
    expect(p.due(58)).toBe(false);
    expect(p.due(59)).toBe(true);
  });
});

describe('the trainer’s health reports, on a clock', () => {
  /** A 1-weight "network" whose step takes 10 ms and each parameter read 50 ms. */
  async function steps(budget?: number): Promise<number[]> {
    let t = 0;
    const data: Dataset = {
      name: 'ones',
      shape: [1, 1, 1],
      classes: ['a', 'b'],
      size: 60,
      example: (i, out, off) => ((out[off] = 1), i % 2),
    };
    const w = new Float32Array([1]);
    const engine: TrainEngine = {
      kind: 'gpu',
      async step() {
        t += 10;
        w[0] *= 1.001;
        return { loss: 1, correct: 0 };
      },
      async evaluate() {
        return { loss: 1, correct: 0 };
      },
      async parameters() {
        t += 50;
        return { fc: { weight: w.slice() } };
      },
      async gradients() {
        return { fc: { weight: new Float32Array([0.5]) } };
      },
      async featureMap() {
        throw new Error('no ReLU here');
      },
      dispose() {},
    };
    const trainer = new Trainer({
      init: {
        network: { input: { n: 1, c: 1, h: 1, w: 1 }, layers: [linear('fc', 1)] },
        params: { fc: { weight: new Float32Array([1]) } },
        optimizer: optimizer('sgd', { lr: 0.1 }),
        loss: 'crossEntropy',
        frozen: [],
        seed: 1,
        maxBatch: 1,
      },
      createEngine: async () => engine,
      train: data,
      batchSize: 1,
      epochs: 1,
      learningRate: () => 0.1,
      checkpointEvery: 1000,
      healthEvery: 5,
      ...(budget !== undefined ? { healthBudget: budget } : {}),
      now: () => t,
    });
    const at: number[] = [];
    trainer.on((e) => e.type === 'health' && at.push(e.step));
    await trainer.run();
    return at;
  }

  it('without a budget: steps 5, 10, … 60, whatever they cost', async () => {
    expect(await steps()).toEqual([5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60]);
  });

  it('a budget of 50%: a report (two reads, 100 ms) waits 100 / (0.5 · 10) = 20 steps', async () => {
    expect(await steps(0.5)).toEqual([5, 25, 45]);
  });
});
