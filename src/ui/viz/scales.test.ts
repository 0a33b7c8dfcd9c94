import { describe, expect, it } from 'vitest';
import { channelScales, rangeOf } from './scales';

// Two 2×2 channels: [0..3] and [−8..8].
const data = Float32Array.from([0, 1, 2, 3, -8, 0, 4, 8]);

describe('channelScales', () => {
  it('channel mode: each channel its own range', () => {
    const [a, b] = channelScales(data, 2, 4, 'channel', null);
    expect([a.min, a.max, a.kind]).toEqual([0, 3, 'sequential']);
    expect([b.min, b.max, b.kind]).toEqual([-8, 8, 'diverging']);
  });
  it('layer mode: one range over both channels, centred on 0 when signed', () => {
    const [a, b] = channelScales(data, 2, 4, 'layer', null);
    expect(a).toBe(b);
    expect([a.min, a.max]).toEqual([-8, 8]);
  });
  it('global mode: the range given for the whole network', () => {
    const [a] = channelScales(data, 2, 4, 'global', [0, 100]);
    expect([a.min, a.max]).toEqual([0, 100]);
  });
  it('rangeOf spans every tensor', () => {
    expect(rangeOf([{ data }, { data: Float32Array.from([20]) }])).toEqual([-8, 20]);
  });
});
