// A whole training step on the CPU: forward in training mode, the loss and its gradient, the
// backward pass, the optimizer's update — the CPU twin of the GPU's one-submit step. It owns the
// parameters (float32 copies, updated in place) and the optimizer's state between steps.

import { inferShapes } from '../../core/infer';
import type { Network } from '../../core/layers';
import type { Tensor } from '../../core/tensor';
import type { OptimizerConfig } from '../../core/train/optim';
import type { LayerParams } from '../../core/weights';
import { lossAndGrad, type LossResult } from '../grad/loss';
import { newParamState, type ParamState } from '../optim/state';
import { optimizerStep, type CpuParam } from '../optim/step';
import { trainBackward, type ParamGrads } from './backward';
import { trainForward } from './forward';
import { trainGraph, type TrainGraph } from '../../core/train/graph';

export interface CpuTrainerInit {
  readonly network: Network;
  readonly params: Readonly<Record<string, LayerParams>>;
  readonly optimizer: OptimizerConfig;
  readonly loss: 'crossEntropy' | 'mse';
  readonly frozen: readonly string[];
  readonly seed: number;
}

export interface StepOutcome {
  readonly loss: number;
  readonly correct: number;
}

const PARAM_FIELDS = ['weight', 'bias', 'gamma', 'beta'] as const;

/** Copies every array of a parameter set (the step updates its own copies in place). */
export function copyParams(p: Readonly<Record<string, LayerParams>>): Map<string, LayerParams> {
  return new Map(
    Object.entries(p).map(([id, lp]) => [
      id,
      Object.fromEntries(
        Object.entries(lp).map(([k, v]) => [k, (v as Float32Array).slice()]),
      ) as LayerParams,
    ]),
  );
}

export class CpuTrainer {
  private readonly params: Map<string, LayerParams>;
  private readonly state = new Map<string, ParamState>();
  private readonly graphs = new Map<number, TrainGraph>();
  private steps = 0;
  /** The last step's parameter gradients by layer id (trainable layers only). */
  private lastGrads: ReadonlyMap<string, ParamGrads> = new Map();
  /** Every layer's output of the last batch (for a feature map on request). */
  private last: ReadonlyMap<string, Tensor> = new Map();

  constructor(private readonly init: CpuTrainerInit) {
    this.params = copyParams(init.params);
  }

  /** The train graph for a batch of n (a short last batch has its own shapes). */
  graph(n: number): TrainGraph {
    let g = this.graphs.get(n);
    if (!g) {
      const network = { ...this.init.network, input: { ...this.init.network.input, n } };
      g = trainGraph(inferShapes(network), this.init.loss, this.init.frozen);
      this.graphs.set(n, g);
    }
    return g;
  }

  /** One step on images [n, C, H, W] with labels; `lr` replaces the config's schedule. */
  step(images: Float32Array, labels: Int32Array, n: number, lr: number): StepOutcome {
    const g = this.graph(n);
    const opts = { mode: 'training' as const, seed: this.init.seed, step: this.steps };
    const fwd = trainForward(g, this.input(images, n), this.params, opts);
    this.last = fwd.acts;
    const loss = this.loss(fwd.acts.get(g.output.id)!, labels);
    const grads = trainBackward(g, fwd, this.params, loss.grad, opts);
    this.lastGrads = grads;
    const list: CpuParam[] = [];
    for (const [id, pg] of grads) {
      const p = this.params.get(id)!;
      for (const field of PARAM_FIELDS) {
        const grad = pg[field];
        const param = p[field];
        if (!grad || !param) continue;
        const key = `${id}.${field}`;
        let st = this.state.get(key);
        if (!st) this.state.set(key, (st = newParamState()));
        list.push({ param, grad, state: st });
      }
    }
    optimizerStep({ ...this.init.optimizer, lr, schedule: undefined }, list, this.steps);
    this.steps++;
    return { loss: loss.loss, correct: loss.correct };
  }

  /** Loss and correct count in inference mode (running statistics, no dropout), no update. */
  evaluate(images: Float32Array, labels: Int32Array, n: number): StepOutcome {
    const g = this.graph(n);
    const fwd = trainForward(g, this.input(images, n), this.params, {
      mode: 'inference',
      seed: this.init.seed,
      step: this.steps,
    });
    const r = this.loss(fwd.acts.get(g.output.id)!, labels);
    return { loss: r.loss, correct: r.correct };
  }

  /** Copies of the current parameters by layer id (of the layers `ids` when given). */
  parameters(ids?: readonly string[]): Record<string, LayerParams> {
    const chosen = [...this.params].filter(([id]) => !ids || ids.includes(id));
    return Object.fromEntries(copyParams(Object.fromEntries(chosen)));
  }

  /** Copies of the last step's gradients by layer id (of the layers `ids` when given). */
  gradients(ids?: readonly string[]): Record<string, ParamGrads> {
    const out: Record<string, ParamGrads> = {};
    for (const [id, pg] of this.lastGrads) {
      if (ids && !ids.includes(id)) continue;
      out[id] = Object.fromEntries(Object.entries(pg).map(([k, v]) => [k, v.slice()]));
    }
    return out;
  }

  /** One layer's output of the last training batch, or undefined. */
  featureMap(layerId: string): Tensor | undefined {
    return this.last.get(layerId);
  }

  private input(images: Float32Array, n: number): Tensor {
    const { c, h, w } = this.init.network.input;
    return { shape: [n, c, h, w], data: images.subarray(0, n * c * h * w) };
  }

  /** The loss on the output; MSE compares with one-hot labels and counts argmax hits. */
  private loss(y: Tensor, labels: Int32Array): LossResult {
    if (this.init.loss === 'crossEntropy')
      return lossAndGrad({ kind: 'crossEntropy' }, y, { labels });
    const [n, k] = y.shape;
    const target = new Float32Array(y.data.length);
    let correct = 0;
    for (let i = 0; i < n; i++) {
      target[i * k + labels[i]] = 1;
      let best = 0;
      for (let j = 1; j < k; j++) if (y.data[i * k + j] > y.data[i * k + best]) best = j;
      if (best === labels[i]) correct++;
    }
    const r = lossAndGrad({ kind: 'mse' }, y, { target: { shape: y.shape, data: target } });
    return { ...r, correct };
  }
}
