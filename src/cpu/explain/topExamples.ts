// "The dataset examples that excite this channel most": every example of a dataset (or its first
// `limit`) through the forward pass up to the channel's layer, ranked by the channel's mean
// activation (or, for a class target, by the class score).

import type { Dataset } from '../../core/data/dataset';
import { gatherBatch } from '../../core/data/dataset';
import type { FeatureTarget } from '../../core/explain/featureVis';
import { channelMean, ExplainError } from '../../core/explain/graph';
import type { TopExample } from '../../core/explain/types';
import type { Network } from '../../core/layers';
import { trainForward } from '../train/forward';
import { graphAt, type ParamSet } from './backprop';

export interface TopExamplesOptions {
  readonly count?: number;
  readonly limit?: number;
  readonly batch?: number;
}

/** Per example, the target's value: [value, label] for examples from … from + n − 1. */
export type TargetValues = (
  images: Float32Array,
  n: number,
) => Promise<Float32Array> | Float32Array;

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

/** The `count` examples with the largest values, largest first (ties: the lower index). */
export async function topExamplesWith(
  network: Network,
  data: Dataset,
  values: TargetValues,
  opts: TopExamplesOptions = {},
): Promise<TopExample[]> {
  const { c, h, w } = network.input;
  if (data.shape.join() !== [c, h, w].join())
    throw new ExplainError(
      `the dataset's examples are ${data.shape.join('×')}, the network takes ${c}×${h}×${w}`,
    );
  const total = Math.min(data.size, opts.limit ?? data.size);
  const batch = Math.max(1, opts.batch ?? 50);
  const all: TopExample[] = [];
  for (let from = 0; from < total; from += batch) {
    const n = Math.min(batch, total - from);
    const idx = Int32Array.from({ length: n }, (_, k) => from + k);
    const { images, labels } = gatherBatch(data, idx);
    const v = await values(images, n);
    for (let i = 0; i < n; i++) all.push({ index: from + i, label: labels[i], activation: v[i] });
  }
  all.sort((a, b) => b.activation - a.activation || a.index - b.index);
  return all.slice(0, opts.count ?? 9);
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
