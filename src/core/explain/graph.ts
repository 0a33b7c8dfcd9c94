// The part of a network an explanation runs, as the training engines' TrainGraph, so the CPU and
// GPU backward passes of training compute it unchanged: no parameter is trained, and every layer
// passes its input gradient on (down to the image itself).
//
// Which score is explained: the network's pre-softmax score of the chosen class (its logit).
// A final softmax layer is left out, as the training graph leaves it out for cross-entropy: the
// gradient of a probability mixes in every other class's score (∂p_c/∂z = p_c (e_c − p)), and
// saturates to 0 for a confident prediction, so saliency maps and Grad-CAM explain the logit
// (Simonyan et al. 2014, Selvaraju et al. 2017 both do). `target` instead ends the graph at any
// layer: feature visualization maximizes a channel of it.

import { dependencies, type Inference, type OkShape } from '../infer';
import { INPUT_ID } from '../layers';
import type { TrainGraph } from '../train/graph';

export class ExplainError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExplainError';
  }
}

/** The layers whose output is explained: the last before a final softmax, or `target`. */
export function scoreLayer(inference: Inference, target?: string): OkShape {
  if (inference.inputError)
    throw new ExplainError(`the input is invalid: ${inference.inputError.message}`);
  const bad = inference.layers.find((l) => l.status !== 'ok');
  if (bad) throw new ExplainError(`layer '${bad.id}' must be fixed before explaining`);
  const all = inference.layers as readonly OkShape[];
  if (all.length === 0) throw new ExplainError('an empty network has nothing to explain');
  if (target !== undefined) {
    const t = all.find((l) => l.id === target);
    if (!t) throw new ExplainError(`no layer '${target}' in the network`);
    return t;
  }
  const last = all[all.length - 1];
  if (last.layer.kind !== 'softmax') return last;
  const before = last.inputs[0];
  if (before === INPUT_ID) throw new ExplainError('a network of one softmax has no score');
  return all.find((l) => l.id === before)!;
}

/** The graph from the input to the score layer (or `target`), every input gradient wanted. */
export function explainGraph(inference: Inference, target?: string): TrainGraph {
  const output = scoreLayer(inference, target);
  const need = dependencies(inference, output.id);
  const layers = (inference.layers as readonly OkShape[]).filter((l) => need.has(l.id));
  const consumers = new Map<string, string[]>();
  for (const l of layers)
    for (const i of l.inputs) consumers.set(i, [...(consumers.get(i) ?? []), l.id]);
  return {
    layers,
    output,
    trainable: new Set(),
    needsInputGrad: new Set(layers.map((l) => l.id)),
    consumers,
  };
}

/** The number of classes scored: the score layer's output features (it must be [N, K]). */
export function classCount(graph: TrainGraph): number {
  const s = graph.output.shape;
  if (s.length !== 2 && !(s.length === 4 && s[2] === 1 && s[3] === 1))
    throw new ExplainError(
      `the score layer '${graph.output.id}' gives [${s.join(', ')}], not one score per class`,
    );
  return s[1];
}

/** A layer Grad-CAM can use: a [N, C, H, W] output. */
export function isSpatial(ls: OkShape): boolean {
  return ls.shape.length === 4;
}

/**
 * Grad-CAM's default layer: the last conv2d whose map is larger than 1×1 (LeNet-5's C5 is a
 * 1×1 map: a heat map of one pixel says nothing), else the last conv2d.
 */
export function defaultCamLayer(inference: Inference): string {
  const convs = (inference.layers as readonly OkShape[]).filter(
    (l) => l.status === 'ok' && l.layer.kind === 'conv2d',
  );
  if (convs.length === 0) throw new ExplainError('the network has no convolution for Grad-CAM');
  const big = convs.filter((l) => l.shape[2] * l.shape[3] > 1);
  return (big.at(-1) ?? convs.at(-1)!).id;
}

/** The one-hot gradient at the score: 1 at `cls` of each of the n rows. */
export function oneHotSeed(n: number, classes: number, cls: number): Float32Array {
  if (!Number.isInteger(cls) || cls < 0 || cls >= classes)
    throw new ExplainError(`class ${cls} is not one of the ${classes} scores`);
  const d = new Float32Array(n * classes);
  for (let i = 0; i < n; i++) d[i * classes + cls] = 1;
  return d;
}

/**
 * The gradient seeding a channel's objective: the mean of channel `channel` of a [N, C, H, W]
 * (or [N, F]) output, so 1 / (H · W) at each of its positions in each row.
 */
export function channelSeed(shape: readonly number[], channel: number): Float32Array {
  const [n, c] = shape;
  if (!Number.isInteger(channel) || channel < 0 || channel >= c)
    throw new ExplainError(`channel ${channel} is not one of the layer's ${c}`);
  const inner = shape.length === 4 ? shape[2] * shape[3] : 1;
  const d = new Float32Array(n * c * inner);
  for (let i = 0; i < n; i++)
    d.fill(1 / inner, (i * c + channel) * inner, (i * c + channel + 1) * inner);
  return d;
}

/** The mean of channel `channel` of row `row` of an output (the objective channelSeed seeds). */
export function channelMean(
  data: ArrayLike<number>,
  shape: readonly number[],
  channel: number,
  row = 0,
): number {
  const c = shape[1];
  const inner = shape.length === 4 ? shape[2] * shape[3] : 1;
  let s = 0;
  const base = (row * c + channel) * inner;
  for (let i = 0; i < inner; i++) s += data[base + i];
  return s / inner;
}

/** The Grad-CAM layer: the chosen one, checked to give feature maps, or the default. */
export function camLayer(inference: Inference, layer?: string): OkShape {
  const id = layer ?? defaultCamLayer(inference);
  const ls = inference.byId.get(id);
  if (!ls || ls.status !== 'ok') throw new ExplainError(`no layer '${id}' to explain`);
  if (!isSpatial(ls))
    throw new ExplainError(`layer '${id}' gives [${ls.shape.join(', ')}], not feature maps`);
  return ls;
}
