import { describe, expect, it } from 'vitest';
import { inferShapes } from '../../../core/infer';
import { conv2d, linear, pool2d, simple, type Network } from '../../../core/layers';
import { receptiveFields } from '../../../core/receptiveField';
import { rfText } from './cells';

// TinyVGG's geometry: 64 → 62 → 60 → pool 30 → 28 → 26 → pool 13 at jump 4; flatten; linear.
const network: Network = {
  input: { n: 1, c: 3, h: 64, w: 64 },
  layers: [
    conv2d('c1', 2, 3),
    conv2d('c2', 2, 3),
    pool2d('p1', 'maxPool2d', 2),
    conv2d('c3', 2, 3),
    conv2d('c4', 2, 3),
    pool2d('p2', 'maxPool2d', 2),
    simple('flatten', 'flatten'),
    linear('fc', 3),
  ],
};
const rf = receptiveFields(inferShapes(network));

describe('rfText', () => {
  it('the last pool: size 16×16, jump 4', () => {
    expect(rfText(rf.get('p2')!, 'size')).toBe('16×16');
    expect(rfText(rf.get('p2')!, 'jump')).toBe('4');
  });

  it('flatten and linear: no jump ("—"), where the old table showed 4·13 = 52', () => {
    expect(rfText(rf.get('flatten')!, 'jump')).toBe('—');
    expect(rfText(rf.get('fc')!, 'jump')).toBe('—');
  });

  it('an invalid layer: "—"', () => {
    expect(rfText(null, 'size')).toBe('—');
  });
});
