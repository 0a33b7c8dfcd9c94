// The forward pass of a training step on the CPU: every layer of the train graph, in training
// mode (batch norm with the batch's statistics, its running statistics updated; dropout masking)
// or inference mode (evaluation), keeping what each layer's backward needs.

import type { OkShape } from '../../core/infer';
import { INPUT_ID } from '../../core/layers';
import type { Tensor } from '../../core/tensor';
import { layerSeed, type LayerParams } from '../../core/weights';
import { runLayer } from '../forward';
import { batchNormTrain, type BatchNormSaved } from '../grad/batchNorm';
import { dropoutTrain } from '../grad/dropout';
import { layerNormTrain, type LayerNormSaved } from '../grad/layerNorm';
import { pool2d } from '../pool2d';
import type { TrainGraph } from '../../core/train/graph';

export interface Saved {
  /** Max pooling's winners (y · W + x per channel plane). */
  readonly argmax?: Int32Array;
  readonly batchNorm?: BatchNormSaved;
  readonly layerNorm?: LayerNormSaved;
}

export interface TrainForward {
  readonly acts: Map<string, Tensor>;
  readonly saved: Map<string, Saved>;
}

export interface TrainForwardOptions {
  readonly mode: 'training' | 'inference';
  /** Dropout masks: the run's seed and the step number. */
  readonly seed: number;
  readonly step: number;
}

/** The seed of one dropout layer's masks: the run's seed mixed with the layer's id. */
export const dropoutSeed = (seed: number, layerId: string) => layerSeed(seed, layerId);

/**
 * Runs the graph on `input`. In training mode batch norm's running statistics are updated in
 * `params` (as nn.BatchNorm2d does in train()).
 */
export function trainForward(
  graph: TrainGraph,
  input: Tensor,
  params: ReadonlyMap<string, LayerParams>,
  opts: TrainForwardOptions,
): TrainForward {
  const acts = new Map<string, Tensor>([[INPUT_ID, input]]);
  const saved = new Map<string, Saved>();
  const training = opts.mode === 'training';
  for (const ls of graph.layers) {
    const ins = ls.inputs.map((i) => acts.get(i)!);
    const p = params.get(ls.id) ?? {};
    acts.set(ls.id, runTraining(ls, ins, p, training, opts, saved));
  }
  return { acts, saved };
}

function runTraining(
  ls: OkShape,
  ins: readonly Tensor[],
  p: LayerParams,
  training: boolean,
  opts: TrainForwardOptions,
  saved: Map<string, Saved>,
): Tensor {
  const { layer } = ls;
  const x = ins[0];
  switch (layer.kind) {
    case 'maxPool2d': {
      const r = pool2d(x, layer);
      saved.set(ls.id, { argmax: r.argmax! });
      return r.out;
    }
    case 'batchNorm': {
      if (!training) break;
      const bn = {
        gamma: p.gamma!,
        beta: p.beta!,
        runningMean: p.runningMean!,
        runningVar: p.runningVar!,
      };
      const r = batchNormTrain(x, bn, layer.eps);
      p.runningMean!.set(r.runningMean);
      p.runningVar!.set(r.runningVar);
      saved.set(ls.id, { batchNorm: { mean: r.mean, invStd: r.invStd } });
      return r.out;
    }
    case 'layerNorm': {
      const r = layerNormTrain(x, p.gamma ?? null, p.beta ?? null, layer.eps);
      saved.set(ls.id, { layerNorm: { mean: r.mean, rstd: r.rstd } });
      return r.out;
    }
    case 'dropout':
      if (!training || layer.p === 0) return x;
      return dropoutTrain(x, layer.p, dropoutSeed(opts.seed, ls.id), opts.step);
  }
  return runLayer(ls, ins, p, { params: () => p, batchNormMode: 'inference' });
}
