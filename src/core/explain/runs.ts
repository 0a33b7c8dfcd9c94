// The batched loops of occlusion and of ranking dataset examples, for any engine: the engine
// supplies the scores (or a channel's values) of a batch of images, on the CPU or the GPU.

import { gatherBatch, type Dataset } from '../data/dataset';
import { inferShapes } from '../infer';
import type { Network } from '../layers';
import { classCount, ExplainError, explainGraph } from './graph';
import { classProbability, occlude, occlusionGrid, occlusionHeat, patchSource } from './occlusion';
import type { OcclusionResult, OcclusionRunOptions, TopExample } from './types';

/** The number of class scores of a network (its score layer's features). */
export const networkClasses = (network: Network) =>
  classCount(explainGraph(inferShapes({ ...network, input: { ...network.input, n: 1 } })));

/** Runs the occluded images through `scores` in batches; shared by the CPU and GPU engines. */
export async function occlusionWith(
  network: Network,
  image: Float32Array,
  opts: OcclusionRunOptions,
  scores: (images: Float32Array, n: number) => Promise<Float32Array> | Float32Array,
): Promise<OcclusionResult> {
  const { c, h, w } = network.input;
  const k = networkClasses(network);
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

export interface TopExamplesOptions {
  readonly count?: number;
  readonly limit?: number;
  readonly batch?: number;
}

/** The target's value (a channel's mean activation or a class score) of each of n images. */
export type TargetValues = (
  images: Float32Array,
  n: number,
) => Promise<Float32Array> | Float32Array;

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
