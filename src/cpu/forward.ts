// Whole-network forward pass on the CPU: runs the layers in topological order and returns every
// layer's activation. Parameters come from a provider so big layers can be made on demand and
// dropped after use instead of all living in memory at once.

import { dependencies, type Inference, type OkShape } from '../core/infer';
import { INPUT_ID } from '../core/layers';
import type { Tensor } from '../core/tensor';
import type { LayerParams } from '../core/weights';
import { activation } from './activation';
import { add } from './add';
import { batchNorm } from './batchNorm';
import { concat } from './concat';
import { conv2d } from './conv2d';
import { flatten } from './flatten';
import { globalAvgPool } from './globalAvgPool';
import { layerNorm } from './layerNorm';
import { linear } from './linear';
import { OpError } from './opError';
import { pool2d } from './pool2d';
import { softmax } from './softmax';

export interface ForwardOptions {
  /** Parameters of a layer (called once per layer that has any). */
  readonly params: (ls: OkShape) => LayerParams;
  readonly batchNormMode?: 'inference' | 'training';
  /** Compute only this layer and what it depends on. */
  readonly upTo?: string;
  /** Activations already computed for the same network, input and weights: reused. */
  readonly reuse?: ReadonlyMap<string, Tensor>;
  /** Called after each layer, e.g. to report progress. */
  readonly onLayer?: (id: string, out: Tensor) => void;
}

const must = <T>(v: T | undefined, what: string, id: string): T => {
  if (v === undefined) throw new OpError(`layer '${id}' has no ${what}`);
  return v;
};

export function runLayer(
  ls: OkShape,
  ins: readonly Tensor[],
  p: LayerParams,
  opts: ForwardOptions,
): Tensor {
  const { layer, id } = ls;
  const x = ins[0];
  switch (layer.kind) {
    case 'conv2d':
      return conv2d(x, must(p.weight, 'weights', id), p.bias ?? null, layer, {
        trueConvolution: layer.trueConvolution ?? false,
      });
    case 'maxPool2d':
    case 'avgPool2d':
      return pool2d(x, layer).out;
    case 'globalAvgPool':
      return globalAvgPool(x);
    case 'batchNorm':
      return batchNorm(
        x,
        {
          gamma: must(p.gamma, 'gamma', id),
          beta: must(p.beta, 'beta', id),
          runningMean: must(p.runningMean, 'running mean', id),
          runningVar: must(p.runningVar, 'running variance', id),
        },
        layer.eps,
        opts.batchNormMode ?? 'inference',
      ).out;
    case 'layerNorm':
      return layerNorm(x, p.gamma ?? null, p.beta ?? null, layer.eps);
    case 'activation':
      return activation(x, layer.fn, layer.alpha);
    case 'flatten':
      return flatten(x);
    case 'dropout':
      return x; // identity at inference (training masks it: src/cpu/train)
    case 'linear':
      return linear(x, must(p.weight, 'weights', id), p.bias ?? null);
    case 'softmax':
      return softmax(x);
    case 'add':
      return add(ins);
    case 'concat':
      return concat(ins);
  }
}

/** One computed layer of a forward pass, and where it stands among the layers to compute. */
export interface ForwardStep {
  readonly id: string;
  readonly out: Tensor;
  /** 1-based position of this layer among those computed (reused ones included). */
  readonly done: number;
  readonly total: number;
  /** Whether it came from `reuse` instead of being computed. */
  readonly reused: boolean;
}

/**
 * The forward pass one layer at a time, so a caller can report progress and stop between
 * layers (the CPU worker yields to its messages there: a newer request cancels a stale one).
 */
export function* forwardSteps(
  inference: Inference,
  input: Tensor,
  opts: ForwardOptions,
): Generator<ForwardStep, Map<string, Tensor>> {
  if (input.shape.join() !== inference.inputShape.join()) {
    throw new OpError(
      `the input has shape [${input.shape.join(', ')}], the network expects [${inference.inputShape.join(', ')}]`,
    );
  }
  const need = dependencies(inference, opts.upTo);
  const out = new Map<string, Tensor>();
  const get = (id: string): Tensor => {
    if (id === INPUT_ID) return input;
    const t = out.get(id);
    if (!t) throw new OpError(`layer '${id}' has not been computed`);
    return t;
  };
  const order = inference.layers.filter((ls) => need.has(ls.id));
  let done = 0;
  for (const ls of order) {
    if (ls.status !== 'ok') {
      throw new OpError(
        `layer '${ls.id}' cannot be computed: ${ls.status === 'error' ? ls.error.message : ls.message}`,
      );
    }
    const cached = opts.reuse?.get(ls.id);
    const result = cached ?? runLayer(ls, ls.inputs.map(get), opts.params(ls), opts);
    out.set(ls.id, result);
    if (!cached) opts.onLayer?.(ls.id, result);
    yield { id: ls.id, out: result, done: ++done, total: order.length, reused: !!cached };
  }
  return out;
}

export function forward(
  inference: Inference,
  input: Tensor,
  opts: ForwardOptions,
): Map<string, Tensor> {
  const steps = forwardSteps(inference, input, opts);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}
