// Saliency maps on the CPU (core/explain/saliency.ts has the maths): one backward pass for
// vanilla and gradient × input, one batched pass over the noisy copies for SmoothGrad.

import { classCount, oneHotSeed } from '../../core/explain/graph';
import { meanOfRows, saliencyMap, smoothGradBatch } from '../../core/explain/saliency';
import type { SaliencyOptions, SaliencyResult } from '../../core/explain/types';
import type { Network } from '../../core/layers';
import { backprop, graphAt, type ParamSet } from './backprop';

export function cpuSaliency(
  network: Network,
  params: ParamSet,
  image: Float32Array,
  opts: SaliencyOptions,
): SaliencyResult {
  const { c, h, w } = network.input;
  const classes = classCount(graphAt(network, 1));
  const seed = (s: readonly number[]) => oneHotSeed(s[0], classes, opts.cls);
  const clean = backprop(network, params, image, 1, seed);
  let gradient = clean.inputGrad.data;
  if (opts.kind === 'smoothGrad') {
    const n = opts.samples ?? 16;
    const noisy = smoothGradBatch(image, n, opts.sigma ?? 0.15, opts.seed ?? 0);
    gradient = meanOfRows(backprop(network, params, noisy, n, seed).inputGrad.data, n, c * h * w);
  }
  return {
    kind: opts.kind,
    map: saliencyMap(opts.kind, gradient, image, c, h, w),
    height: h,
    width: w,
    gradient,
    scores: clean.output.data.slice(),
  };
}
