import { describe, expect, it } from 'vitest';
import { inferShapes } from '../infer';
import { getPreset } from '../presets';
import {
  camLayer,
  channelMean,
  channelSeed,
  defaultCamLayer,
  explainGraph,
  oneHotSeed,
  scoreLayer,
} from './graph';

const lenet = inferShapes(getPreset('lenet5')!.network);

describe('the explain graph', () => {
  it('LeNet-5: explains the logits before the final softmax, every input gradient wanted', () => {
    expect(scoreLayer(lenet).id).toBe('output');
    const g = explainGraph(lenet);
    expect(g.output.id).toBe('output');
    expect(g.layers.map((l) => l.id)).not.toContain(lenet.layers.at(-1)!.id);
    expect(g.trainable.size).toBe(0);
    expect(g.needsInputGrad.size).toBe(g.layers.length);
  });
  it('a target layer ends the graph there', () => {
    const g = explainGraph(lenet, 'c3');
    expect(g.layers.map((l) => l.id)).toEqual(['c1', 'tanh1', 's2', 'c3']);
    expect(() => explainGraph(lenet, 'nope')).toThrow(/no layer 'nope'/);
  });
  it("Grad-CAM's default layer: LeNet-5's C3 (C5 is 1×1), Tiny VGG's last conv", () => {
    expect(defaultCamLayer(lenet)).toBe('c3');
    expect(defaultCamLayer(inferShapes(getPreset('tinyvgg')!.network))).toBe('conv_2_2');
    expect(() => camLayer(lenet, 'f6')).toThrow(/not feature maps/);
  });
  it('seeds: a one-hot per row; a channel mean is 1/(H·W) over its plane', () => {
    expect([...oneHotSeed(2, 3, 1)]).toEqual([0, 1, 0, 0, 1, 0]);
    expect(() => oneHotSeed(1, 3, 3)).toThrow(/class 3/);
    const s = channelSeed([1, 2, 1, 2], 1);
    expect([...s]).toEqual([0, 0, 0.5, 0.5]);
    expect(channelMean([9, 9, 1, 3], [1, 2, 1, 2], 1)).toBe(2);
  });
});
