// Occlusion sensitivity on the CPU: the occluded images in batches through the forward pass,
// the class probability (softmax of the scores) of each (core/explain/occlusion.ts).

import { occlusionWith } from '../../core/explain/runs';
import type { OcclusionResult, OcclusionRunOptions } from '../../core/explain/types';
import type { Network } from '../../core/layers';
import { trainForward } from '../train/forward';
import { graphAt, type ParamSet } from './backprop';

/** The scores of n images (n back-to-back C×H×W), [n, K]. */
export function cpuScores(
  network: Network,
  params: ParamSet,
  images: Float32Array,
  n: number,
): Float32Array {
  const graph = graphAt(network, n);
  const { c, h, w } = network.input;
  const fwd = trainForward(
    graph,
    { shape: [n, c, h, w], data: images },
    new Map(Object.entries(params)),
    { mode: 'inference', seed: 0, step: 0 },
  );
  return fwd.acts.get(graph.output.id)!.data;
}

export function cpuOcclusion(
  network: Network,
  params: ParamSet,
  image: Float32Array,
  opts: OcclusionRunOptions,
): Promise<OcclusionResult> {
  return occlusionWith(network, image, opts, (images, n) => cpuScores(network, params, images, n));
}
