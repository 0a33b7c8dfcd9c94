// The part of a network a training step runs, and what its backward pass must compute. Shared
// by the CPU and GPU training steps, so both prune the same way.
// - The output is the last layer. With cross-entropy, a final softmax is left out: the loss takes
//   the logits (softmax is fused into it), as PyTorch's CrossEntropyLoss expects.
// - A layer's parameter gradients are computed when it is trainable (has parameters, not
//   frozen); its input gradient only when some trainable layer lies upstream of it: past the
//   last trainable layer nothing flows back (a frozen feature extractor costs no backward).

import { dependencies, type Inference, type OkShape } from '../infer';
import { INPUT_ID } from '../layers';

export interface TrainGraph {
  /** The layers a step computes, in topological order (every one 'ok'). */
  readonly layers: readonly OkShape[];
  /** The layer whose output the loss reads. */
  readonly output: OkShape;
  /** Layers with parameters that are updated. */
  readonly trainable: ReadonlySet<string>;
  /** Layers whose input gradient is needed (a trainable layer is upstream). */
  readonly needsInputGrad: ReadonlySet<string>;
  /** Per tensor id (a layer's output), the layers that read it. */
  readonly consumers: ReadonlyMap<string, readonly string[]>;
}

const HAS_PARAMS = new Set(['conv2d', 'linear', 'batchNorm', 'layerNorm']);

/** Whether a layer has learnable parameters (layer norm only with its affine γ, β). */
export function hasParams(ls: OkShape): boolean {
  if (!HAS_PARAMS.has(ls.layer.kind)) return false;
  return ls.layer.kind !== 'layerNorm' || ls.layer.affine;
}

export function trainGraph(
  inference: Inference,
  loss: 'crossEntropy' | 'mse',
  frozen: readonly string[],
): TrainGraph {
  if (inference.inputError)
    throw new Error(`the input is invalid: ${inference.inputError.message}`);
  const bad = inference.layers.find((l) => l.status !== 'ok');
  if (bad) throw new Error(`layer '${bad.id}' must be fixed before training`);
  const all = inference.layers as readonly OkShape[];
  if (all.length === 0) throw new Error('an empty network has nothing to train');
  let last = all[all.length - 1];
  if (loss === 'crossEntropy' && last.layer.kind === 'softmax') {
    const before = last.inputs[0];
    if (before === INPUT_ID) throw new Error('a network of one softmax has nothing to train');
    last = all.find((l) => l.id === before)!;
  }
  const need = dependencies(inference, last.id);
  const layers = all.filter((l) => need.has(l.id));
  const frozenSet = new Set(frozen);
  const trainable = new Set(
    layers.filter((l) => hasParams(l) && !frozenSet.has(l.id)).map((l) => l.id),
  );
  // A layer needs its input gradient when a trainable layer is among its ancestors.
  const upstreamTrainable = new Map<string, boolean>();
  for (const l of layers) {
    const any = l.inputs.some(
      (i) => i !== INPUT_ID && (trainable.has(i) || upstreamTrainable.get(i) === true),
    );
    upstreamTrainable.set(l.id, any);
  }
  const needsInputGrad = new Set(
    layers.filter((l) => upstreamTrainable.get(l.id)).map((l) => l.id),
  );
  const consumers = new Map<string, string[]>();
  for (const l of layers)
    for (const i of l.inputs) consumers.set(i, [...(consumers.get(i) ?? []), l.id]);
  return { layers, output: last, trainable, needsInputGrad, consumers };
}
