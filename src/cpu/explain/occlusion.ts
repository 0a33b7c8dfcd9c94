// Occlusion sensitivity on the CPU: the occluded images in batches through the forward pass,
// the class probability (softmax of the scores) of each (core/explain/occlusion.ts).

import { classCount } from '../../core/explain/graph';
import {
  classProbability,
  occlude,
  occlusionGrid,
  occlusionHeat,
  patchSource,
} from '../../core/explain/occlusion';
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

/** Runs the occluded images through `scores` in batches; shared by the CPU and GPU engines. */
export async function occlusionWith(
  network: Network,
  image: Float32Array,
  opts: OcclusionRunOptions,
  scores: (images: Float32Array, n: number) => Promise<Float32Array> | Float32Array,
): Promise<OcclusionResult> {
  const { c, h, w } = network.input;
  const k = classCount(graphAt(network, 1));
  const grid = occlusionGrid(h, w, opts.patch, opts.stride);
  const source = patchSource(image, c, h, w, opts);
  const per = c * h * w;
  const baseline = classProbability(await scores(image, 1), k, 0, opts.cls);
  const probabilities = new Float32Array(grid.positions.length);
  const batch = Math.max(1, opts.batch ?? 32);
  for (let from = 0; from < grid.positions.length; from += batch) {
    const n = Math.min(batch, grid.positions.length - from);
    const images = new Float32Array(n * per);
    for (let i = 0; i < n; i++)
      occlude(image, source, c, h, w, grid.positions[from + i], opts.patch, images, i * per);
    const s = await scores(images, n);
    for (let i = 0; i < n; i++) probabilities[from + i] = classProbability(s, k, i, opts.cls);
  }
  const map = probabilities.map((p) => baseline - p);
  return {
    baseline,
    probabilities,
    map,
    rows: grid.rows,
    cols: grid.cols,
    positions: grid.positions,
    heat: occlusionHeat(grid, map, h, w, opts.patch),
    height: h,
    width: w,
  };
}

export function cpuOcclusion(
  network: Network,
  params: ParamSet,
  image: Float32Array,
  opts: OcclusionRunOptions,
): Promise<OcclusionResult> {
  return occlusionWith(network, image, opts, (images, n) => cpuScores(network, params, images, n));
}
