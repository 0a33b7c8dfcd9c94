import { describe, expect, it } from 'vitest';
import { inferShapes } from './infer';
import { getPreset } from './presets';
import { classifierOutput, softmax, topK } from './prediction';

describe('classifierOutput', () => {
  it('LeNet-5: its final softmax over 10 classes; a network without one: null', () => {
    expect(classifierOutput(inferShapes(getPreset('lenet5')!.network))).toEqual({
      layerId: 'softmax',
      classes: 10,
      probabilities: true,
    });
    const features = getPreset('lenet5')!.network;
    const conv = { ...features, layers: features.layers.slice(0, 3) };
    expect(classifierOutput(inferShapes(conv))).toBeNull();
    const logits = { ...features, layers: features.layers.slice(0, -1) };
    expect(classifierOutput(inferShapes(logits))).toEqual({
      layerId: 'output',
      classes: 10,
      probabilities: false,
    });
  });
});

describe('topK', () => {
  it('probabilities kept, sorted high to low, ties by index', () => {
    expect(topK([0.1, 0.4, 0.1, 0.4], 3, true)).toEqual([
      { index: 1, probability: 0.4 },
      { index: 3, probability: 0.4 },
      { index: 0, probability: 0.1 },
    ]);
  });
  it('logits through a softmax: hand-worked values, and no overflow at 1000', () => {
    // softmax([0, ln 3]) = [1/4, 3/4]
    const [a, b] = topK([0, Math.log(3)], 2, false);
    expect(a.index).toBe(1);
    expect(a.probability).toBeCloseTo(0.75, 12);
    expect(b.probability).toBeCloseTo(0.25, 12);
    expect(softmax([1000, 1000, -1000])).toEqual([0.5, 0.5, 0]);
  });
});
