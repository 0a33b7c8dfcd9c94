import { describe, expect, it } from 'vitest';
import { inferShapes, type OkShape } from '../core/infer';
import { activation, conv2d, linear, simple, type Layer } from '../core/layers';
import { fusedActivations } from './fusion';

const layersOf = (layers: Layer[]) =>
  inferShapes({ input: { n: 1, c: 2, h: 6, w: 6 }, layers }).layers as OkShape[];
const fused = (layers: Layer[], readback: string[]) =>
  Object.fromEntries([...fusedActivations(layersOf(layers), readback)].map(([p, a]) => [p, a.id]));

describe('fusedActivations', () => {
  it('conv → relu and linear → gelu fuse when the producer is not read back', () => {
    const net = [
      conv2d('c', 3, 3),
      activation('r', 'relu'),
      simple('f', 'flatten'),
      linear('fc', 4),
      activation('g', 'gelu'),
    ];
    expect(fused(net, ['g'])).toEqual({ c: 'r', fc: 'g' });
    expect(fused(net, ['c', 'g'])).toEqual({ fc: 'g' });
  });

  it('no fusion when the producer has another consumer or the activation another input', () => {
    const branch = [
      conv2d('c', 2, 1),
      activation('r', 'relu'),
      activation('t', 'tanh', { inputs: ['c'] }),
      simple('sum', 'add', ['r', 't']),
    ];
    expect(fused(branch, ['sum'])).toEqual({});
    const twice = [conv2d('c', 2, 1), simple('sum', 'add', ['c', 'c'])];
    expect(fused(twice, ['sum'])).toEqual({});
  });

  it('only conv2d and linear fuse; an activation after a pool stays its own dispatch', () => {
    const net: Layer[] = [simple('gap', 'globalAvgPool'), activation('r', 'relu')];
    expect(fused(net, ['r'])).toEqual({});
  });
});
