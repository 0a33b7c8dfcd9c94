import { describe, expect, it } from 'vitest';
import { inferShapes, type OkShape } from '../../../core/infer';
import { activation, batchNorm, conv2d, linear, simple, type Network } from '../../../core/layers';
import { stepKindOf } from './stepKind';

const network: Network = {
  input: { n: 1, c: 1, h: 6, w: 6 },
  layers: [
    conv2d('conv', 4, 3),
    batchNorm('bn'),
    activation('relu', 'relu'),
    simple('gap', 'globalAvgPool'),
    simple('flat', 'flatten'),
    linear('fc', 3),
    activation('relu2', 'relu'),
    simple('sm', 'softmax'),
  ],
};
const inference = inferShapes(network);
const kind = (id: string) => stepKindOf(inference.byId.get(id) as OkShape);

describe('stepKindOf', () => {
  it('x=[1,1,6,6]: conv, norm, activation, gap, flatten, linear have a step view', () => {
    expect(['conv', 'bn', 'relu', 'gap', 'flat', 'fc'].map(kind)).toEqual([
      'conv',
      'norm',
      'activation',
      'gap',
      'flatten',
      'linear',
    ]);
  });

  it('an activation on a flat vector and softmax: none', () => {
    expect(kind('relu2')).toBeNull();
    expect(kind('sm')).toBeNull();
  });
});
