// The backward pass of a training step on the CPU: from the loss's gradient at the output, every
// layer in reverse order; a tensor read by several layers (a residual skip) gets the sum of their
// gradients. Parameter gradients for the trainable layers; input gradients only where a
// trainable layer is upstream (graph.ts). In inference mode (explanations: core/explain/graph.ts)
// batch norm's statistics are the running ones, constants, and dropout passes gradients through;
// a `tap` sees every tensor's whole gradient, the image's (INPUT_ID) included.

import type { OkShape } from '../../core/infer';
import { INPUT_ID } from '../../core/layers';
import type { Tensor } from '../../core/tensor';
import type { LayerParams } from '../../core/weights';
import { activationBackward } from '../grad/activation';
import { addBackward } from '../grad/add';
import { batchNormBackward, frozenStats } from '../grad/batchNorm';
import { concatBackward } from '../grad/concat';
import { conv2dBackward } from '../grad/conv2d';
import { dropoutBackward } from '../grad/dropout';
import { flattenBackward } from '../grad/flatten';
import { globalAvgPoolBackward } from '../grad/globalAvgPool';
import { layerNormBackward } from '../grad/layerNorm';
import { linearBackward } from '../grad/linear';
import { pool2dBackward } from '../grad/pool2d';
import { softmaxBackward } from '../grad/softmax';
import { dropoutSeed, type TrainForward, type TrainForwardOptions } from './forward';
import type { TrainGraph } from '../../core/train/graph';

/** Gradients of one layer's parameters, by LayerParams field. */
export type ParamGrads = Partial<Record<'weight' | 'bias' | 'gamma' | 'beta', Float32Array>>;

interface LayerGrads {
  /** One per input of the layer (null where not needed). */
  readonly dx: readonly (Tensor | null)[];
  readonly params: ParamGrads;
}

function addInto(acc: Map<string, Tensor>, id: string, g: Tensor): void {
  const have = acc.get(id);
  if (!have) {
    acc.set(id, g);
    return;
  }
  const sum = new Float32Array(have.data.length);
  for (let i = 0; i < sum.length; i++) sum[i] = have.data[i] + g.data[i];
  acc.set(id, { shape: have.shape, data: sum });
}

/** Receives a tensor's gradient (a layer's output, or the image as INPUT_ID). */
export type GradTap = (id: string, grad: Tensor) => void;

/** Parameter gradients of every trainable layer, given the loss's gradient at the output. */
export function trainBackward(
  graph: TrainGraph,
  fwd: TrainForward,
  params: ReadonlyMap<string, LayerParams>,
  dOut: Tensor,
  opts: TrainForwardOptions,
  tap?: GradTap,
): Map<string, ParamGrads> {
  const grads = new Map<string, ParamGrads>();
  const dActs = new Map<string, Tensor>([[graph.output.id, dOut]]);
  for (let k = graph.layers.length - 1; k >= 0; k--) {
    const ls = graph.layers[k];
    const dy = dActs.get(ls.id);
    dActs.delete(ls.id);
    if (dy) tap?.(ls.id, dy);
    const wantInput = graph.needsInputGrad.has(ls.id);
    const wantParams = graph.trainable.has(ls.id);
    if (!dy || (!wantInput && !wantParams)) continue;
    const g = layerBackward(ls, dy, fwd, params.get(ls.id) ?? {}, wantInput, wantParams, opts);
    if (wantParams) grads.set(ls.id, g.params);
    if (!wantInput) continue;
    ls.inputs.forEach((src, i) => {
      const dx = g.dx[i];
      if (dx && (src !== INPUT_ID || tap)) addInto(dActs, src, dx);
    });
  }
  const dInput = dActs.get(INPUT_ID);
  if (dInput) tap?.(INPUT_ID, dInput);
  return grads;
}

function layerBackward(
  ls: OkShape,
  dy: Tensor,
  fwd: TrainForward,
  p: LayerParams,
  wantInput: boolean,
  wantParams: boolean,
  opts: TrainForwardOptions,
): LayerGrads {
  const { layer } = ls;
  const ins = ls.inputs.map((i) => fwd.acts.get(i)!);
  const x = ins[0];
  const y = fwd.acts.get(ls.id)!;
  const saved = fwd.saved.get(ls.id);
  const one = (dx: Tensor | null): LayerGrads => ({ dx: [dx], params: {} });
  switch (layer.kind) {
    case 'conv2d': {
      const r = conv2dBackward(x, p.weight!, dy, layer, {
        input: wantInput,
        weight: wantParams,
        bias: wantParams && layer.bias,
      });
      return { dx: [r.dx], params: paramsOf({ weight: r.dWeight, bias: r.dBias }) };
    }
    case 'linear': {
      const r = linearBackward(x, p.weight!, dy, {
        input: wantInput,
        weight: wantParams,
        bias: wantParams && layer.bias,
      });
      return { dx: [r.dx], params: paramsOf({ weight: r.dWeight, bias: r.dBias }) };
    }
    case 'maxPool2d':
      return one(pool2dBackward(dy, x.shape, layer, saved!.argmax!));
    case 'avgPool2d':
      return one(pool2dBackward(dy, x.shape, layer, null));
    case 'globalAvgPool':
      return one(globalAvgPoolBackward(dy, x.shape));
    case 'batchNorm': {
      const r =
        opts.mode === 'inference'
          ? batchNormBackward(
              dy,
              x,
              p.gamma!,
              frozenStats(p.runningMean!, p.runningVar!, layer.eps),
              'inference',
            )
          : batchNormBackward(dy, x, p.gamma!, saved!.batchNorm!, 'training');
      return { dx: [r.dx], params: paramsOf({ gamma: r.dgamma, beta: r.dbeta }) };
    }
    case 'layerNorm': {
      const r = layerNormBackward(dy, x, p.gamma ?? null, saved!.layerNorm!, layer.affine);
      return { dx: [r.dx], params: paramsOf({ gamma: r.dgamma, beta: r.dbeta }) };
    }
    case 'activation':
      return one(activationBackward(dy, x, layer.fn, layer.alpha));
    case 'softmax':
      return one(softmaxBackward(dy, y));
    case 'flatten':
      return one(flattenBackward(dy, x.shape));
    case 'dropout':
      return one(
        layer.p === 0 || opts.mode === 'inference'
          ? dy
          : dropoutBackward(dy, layer.p, dropoutSeed(opts.seed, ls.id), opts.step),
      );
    case 'add':
      return { dx: addBackward(dy, ins.length), params: {} };
    case 'concat':
      return {
        dx: concatBackward(
          dy,
          ins.map((t) => t.shape[1]),
        ),
        params: {},
      };
  }
}

function paramsOf(g: Record<string, Float32Array | null>): ParamGrads {
  const out: ParamGrads = {};
  for (const [k, v] of Object.entries(g)) if (v) out[k as keyof ParamGrads] = v;
  return out;
}
