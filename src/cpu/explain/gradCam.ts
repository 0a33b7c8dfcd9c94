// Grad-CAM on the CPU: the chosen layer's activations and the gradient of the class score at
// them from one forward and backward pass, combined by core/explain/gradCam.ts.

import { camResult, gradCamCombine } from '../../core/explain/gradCam';
import { camLayer, classCount, oneHotSeed } from '../../core/explain/graph';
import type { GradCamOptions, GradCamResult } from '../../core/explain/types';
import { inferShapes } from '../../core/infer';
import type { Network } from '../../core/layers';
import { backprop, graphAt, type ParamSet } from './backprop';

export function cpuGradCam(
  network: Network,
  params: ParamSet,
  image: Float32Array,
  opts: GradCamOptions,
): GradCamResult {
  const ls = camLayer(inferShapes(network), opts.layer);
  const classes = classCount(graphAt(network, 1));
  const r = backprop(network, params, image, 1, (s) => oneHotSeed(s[0], classes, opts.cls), {
    taps: [ls.id],
  });
  const [, c, hh, ww] = ls.shape;
  const acts = r.acts.get(ls.id)!.data;
  // A layer the score does not depend on (a branch off the path) has no gradient: all zero.
  const grads = r.grads.get(ls.id)?.data ?? new Float32Array(acts.length);
  const { h, w } = network.input;
  return camResult(ls.id, gradCamCombine(acts, grads, c, hh, ww), hh, ww, h, w, r.output.data);
}
