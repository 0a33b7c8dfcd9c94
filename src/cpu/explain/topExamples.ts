// "The dataset examples that excite this channel most": every example of a dataset (or its first
// `limit`) through the forward pass up to the channel's layer, ranked by the channel's mean
// activation (or, for a class target, by the class score).

import type { Dataset } from '../../core/data/dataset';
import {
  topExamplesWith,
  type TargetValues,
  type TopExamplesOptions,
} from '../../core/explain/runs';
import type { FeatureTarget } from '../../core/explain/featureVis';
import { channelMean } from '../../core/explain/graph';
import type { TopExample } from '../../core/explain/types';
import type { Network } from '../../core/layers';
import { trainForward } from '../train/forward';
import { graphAt, type ParamSet } from './backprop';

export function cpuTargetValues(
  network: Network,
  params: ParamSet,
  target: FeatureTarget,
): TargetValues {
  const layer = target.kind === 'channel' ? target.layer : undefined;
  const p = new Map(Object.entries(params));
  return (images, n) => {
    const graph = graphAt(network, n, layer);
    const { c, h, w } = network.input;
    const fwd = trainForward(graph, { shape: [n, c, h, w], data: images }, p, {
      mode: 'inference',
      seed: 0,
      step: 0,
    });
    const out = fwd.acts.get(graph.output.id)!;
    return Float32Array.from({ length: n }, (_, i) =>
      target.kind === 'channel'
        ? channelMean(out.data, out.shape, target.channel, i)
        : out.data[i * out.shape[1] + target.cls],
    );
  };
}

export function cpuTopExamples(
  network: Network,
  params: ParamSet,
  data: Dataset,
  target: FeatureTarget,
  opts?: TopExamplesOptions,
): Promise<TopExample[]> {
  return topExamplesWith(network, data, cpuTargetValues(network, params, target), opts);
}
