// Feature visualization on the CPU: the ascent of core/explain/featureVis.ts with the objective
// and its input gradient from the training engine's forward and backward passes.

import {
  FeatureAscent,
  featureVisFrames,
  type FeatureOracle,
  type FeatureVisFrame,
  type FeatureVisOptions,
} from '../../core/explain/featureVis';
import { channelMean, channelSeed, classCount, oneHotSeed } from '../../core/explain/graph';
import type { Network } from '../../core/layers';
import { backprop, graphAt, type ParamSet } from './backprop';

/** The objective of `opts.target` and its gradient at an image, on the CPU. */
export function cpuFeatureOracle(
  network: Network,
  params: ParamSet,
  opts: FeatureVisOptions,
): FeatureOracle {
  const t = opts.target;
  const target = t.kind === 'channel' ? t.layer : undefined;
  const classes = t.kind === 'class' ? classCount(graphAt(network, 1)) : 0;
  return async (input) => {
    const seed = (s: readonly number[]) =>
      t.kind === 'channel' ? channelSeed(s, t.channel) : oneHotSeed(s[0], classes, t.cls);
    const r = backprop(network, params, input, 1, seed, { target });
    const objective =
      t.kind === 'channel'
        ? channelMean(r.output.data, r.output.shape, t.channel)
        : r.output.data[t.cls];
    return { objective, grad: r.inputGrad.data };
  };
}

/** `steps` ascent steps, a frame (image and objective) every `every` steps. */
export function cpuFeatureVis(
  network: Network,
  params: ParamSet,
  opts: FeatureVisOptions,
  steps: number,
  every = 1,
): AsyncGenerator<FeatureVisFrame> {
  const { c, h, w } = network.input;
  const ascent = new FeatureAscent(c, h, w, opts);
  return featureVisFrames(ascent, cpuFeatureOracle(network, params, opts), steps, every);
}
