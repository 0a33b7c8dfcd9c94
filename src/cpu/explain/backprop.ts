// One forward and backward pass of an explanation on the CPU, through the training engine's own
// passes (cpu/train): inference mode (batch norm's running statistics, no dropout), the graph
// of core/explain/graph.ts (nothing trained, every input gradient), seeded by a given gradient at
// the score layer (or `target`), with the gradients of the image and of the `taps` layers kept.

import { explainGraph } from '../../core/explain/graph';
import { inferShapes } from '../../core/infer';
import { INPUT_ID, type Network } from '../../core/layers';
import type { Tensor } from '../../core/tensor';
import type { TrainGraph } from '../../core/train/graph';
import type { LayerParams } from '../../core/weights';
import { trainBackward } from '../train/backward';
import { trainForward } from '../train/forward';

export type ParamSet = Readonly<Record<string, LayerParams>>;

export interface Backprop {
  readonly graph: TrainGraph;
  /** The score layer's (or target's) output. */
  readonly output: Tensor;
  /** ∂(seed · output)/∂image, [n, C, H, W]. */
  readonly inputGrad: Tensor;
  /** Every layer's output. */
  readonly acts: ReadonlyMap<string, Tensor>;
  /** The gradients of the tapped layers' outputs. */
  readonly grads: ReadonlyMap<string, Tensor>;
}

/** The explain graph of `network` at batch n. */
export function graphAt(network: Network, n: number, target?: string): TrainGraph {
  return explainGraph(inferShapes({ ...network, input: { ...network.input, n } }), target);
}

/**
 * images: n back-to-back C×H×W inputs. seed(outputShape) gives the gradient at the output
 * (a one-hot per row, core/explain/graph.ts).
 */
export function backprop(
  network: Network,
  params: ParamSet,
  images: Float32Array,
  n: number,
  seed: (shape: readonly number[]) => Float32Array,
  opts: { readonly target?: string; readonly taps?: readonly string[] } = {},
): Backprop {
  const graph = graphAt(network, n, opts.target);
  const { c, h, w } = network.input;
  const p = new Map(Object.entries(params));
  const mode = { mode: 'inference' as const, seed: 0, step: 0 };
  const fwd = trainForward(graph, { shape: [n, c, h, w], data: images }, p, mode);
  const output = fwd.acts.get(graph.output.id)!;
  const dOut = { shape: output.shape, data: seed(output.shape) };
  const taps = new Set([INPUT_ID, ...(opts.taps ?? [])]);
  const grads = new Map<string, Tensor>();
  trainBackward(graph, fwd, p, dOut, mode, (id, g) => {
    if (taps.has(id)) grads.set(id, g);
  });
  const inputGrad = grads.get(INPUT_ID) ?? {
    shape: [n, c, h, w],
    data: new Float32Array(n * c * h * w),
  };
  return { graph, output, inputGrad, acts: fwd.acts, grads };
}
