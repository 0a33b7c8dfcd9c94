// Which steps the trainer's health check measures, and what it watches in a network.
import { describe, expect, it } from 'vitest';
import { activation, conv2d, linear, simple } from '../core/layers';
import { HealthProbe, healthLayers } from './healthProbe';

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
