import { describe, expect, it } from 'vitest';
import { hiddenChannelsSentence, poolSentence, whatIfSentence, type NormView } from './normText';

const view = (o: Partial<NormView>): NormView => ({
  pooling: 'batchNorm',
  n: 1,
  c: 64,
  h: 112,
  w: 112,
  sample: 0,
  channel: 3,
  ...o,
});

describe('hiddenChannelsSentence', () => {
  it('C=64 shown 16, batch norm: each hidden channel its own statistics, no word of layer norm', () => {
    const s = hiddenChannelsSentence(view({}), 16)!;
    expect(s).toContain('First 16 of 64 channels shown');
    expect(s).toContain('batch norm pools each channel on its own');
    expect(s).not.toContain('layer norm');
  });

  it('C=64 shown 16, layer norm: pools all 64, the hidden 48 too', () => {
    expect(hiddenChannelsSentence(view({ pooling: 'layerNorm' }), 16)).toBe(
      'First 16 of 64 channels shown; layer norm pools all 64 of them, the 48 not shown too.',
    );
  });

  it('C=10 shown 16: nothing hidden, no sentence', () => {
    expect(hiddenChannelsSentence(view({ c: 10 }), 16)).toBeNull();
  });
});

describe('poolSentence', () => {
  it('batch norm N=1: only this image, no "whole batch"', () => {
    const s = poolSentence(view({ n: 1 }));
    expect(s).toContain('with a batch of one, that is only this image’s 112×112 values');
    expect(s).not.toContain('whole batch');
  });

  it('batch norm N=3: the whole batch, 3 samples × H×W', () => {
    expect(poolSentence(view({ n: 3, h: 62, w: 62, channel: 0 }))).toBe(
      'Batch norm pools one channel across the whole batch: column 0, 3 samples × 62×62 values.',
    );
  });

  it('layer norm N=1 and N=2: one sample, all its channels', () => {
    expect(poolSentence(view({ pooling: 'layerNorm', c: 10 }))).toBe(
      'Layer norm pools one sample across all its 10 channels: the one row.',
    );
    expect(poolSentence(view({ pooling: 'layerNorm', n: 2, sample: 1 }))).toContain(
      'row 1, each of the 2 samples on its own',
    );
  });
});

describe('whatIfSentence', () => {
  it("the layer's own mode: nothing to say; the other: names both", () => {
    expect(whatIfSentence('batchNorm', 'batchNorm')).toBeNull();
    expect(whatIfSentence('batchNorm', 'layerNorm')).toContain('what layer norm would compute');
    expect(whatIfSentence('layerNorm', 'batchNorm')).toContain('what batch norm');
  });
});
