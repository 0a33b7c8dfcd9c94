// The ConvNetJS peer (npm `convnetjs` 0.3.0, a dev dependency): the closest ConvNetJS network to
// ours, trained as ConvNetJS is designed to train — one example at a time (Trainer.train on one
// Vol), the update applied every `batch_size` examples with the batch's mean gradient — on the
// same batches. Float64 throughout (its Vols are Float64Array), its own random initialization.
//
// How it differs from our LeNet-5, and why:
// - ConvNetJS's 'pool' layer is a max pool: it has no average pooling, so S2 and S4 are 2×2 max
//   pools (same shapes, about the same work).
// - Its 'softmax' layer brings its own fully connected layer (F6 → 10) and the cross-entropy
//   loss, as ours fuses the final softmax into the loss.
// - Its trainer's 'sgd' with momentum μ steps p ← p + v, v ← μ v − η g: PyTorch's SGD with
//   momentum at a constant learning rate. ConvNetJS 0.3.0 as published has no Adam (its methods
//   are sgd, adagrad, windowgrad, adadelta), so Adam cases have no ConvNetJS number.

import convnetjs, { type LayerDef, type Vol } from 'convnetjs';
import type { Network } from '../../src/core/layers';
import type { TrainBatch } from '../../src/train/engine';
import type { TrainCase } from './cases';
import type { Stepper } from './measure';

export const CONVNETJS_DIFFERENCES =
  "ConvNetJS 0.3.0: max pools for S2/S4 (it has no average pooling), float64, its own init, one example at a time with the update every 'batch' examples";

/** Why ConvNetJS cannot run the case, or null. */
export function convnetUnavailable(c: TrainCase): string | null {
  if (!c.convnetjs) return 'skipped: ConvNetJS runs the LeNet-5 cases only';
  if (c.optimizer.kind !== 'sgd')
    return `unavailable: ConvNetJS 0.3.0 (npm) has no ${c.optimizer.kind} (its trainer knows sgd, adagrad, windowgrad, adadelta)`;
  return null;
}

/** Our layer list as ConvNetJS layer definitions (square kernels, equal strides and padding). */
export function convnetDefs(network: Network): LayerDef[] {
  const { c, h, w } = network.input;
  const defs: LayerDef[] = [{ type: 'input', out_sx: w, out_sy: h, out_depth: c }];
  const layers = network.layers;
  const same = (p: readonly [number, number], what: string, id: string) => {
    if (p[0] !== p[1]) throw new Error(`'${id}': ConvNetJS needs equal ${what} on both axes`);
    return p[0];
  };
  for (const [i, l] of layers.entries()) {
    switch (l.kind) {
      case 'conv2d': {
        if (typeof l.padding === 'string' || l.groups !== 1 || l.dilation.some((d) => d !== 1))
          throw new Error(`'${l.id}': ConvNetJS has numeric padding, no groups or dilation`);
        defs.push({
          type: 'conv',
          sx: same(l.kernel, 'kernel sizes', l.id),
          filters: l.outChannels,
          stride: same(l.stride, 'strides', l.id),
          pad: same(l.padding, 'padding', l.id),
        });
        break;
      }
      case 'maxPool2d':
      case 'avgPool2d':
        defs.push({
          type: 'pool',
          sx: same(l.kernel, 'kernel sizes', l.id),
          stride: same(l.stride, 'strides', l.id),
        });
        break;
      case 'activation':
        if (!['tanh', 'relu', 'sigmoid'].includes(l.fn))
          throw new Error(`'${l.id}': ConvNetJS has no ${l.fn}`);
        defs.push({ type: l.fn });
        break;
      case 'flatten':
        break; // ConvNetJS's fc layers take any volume
      case 'linear':
        defs.push(
          layers[i + 1]?.kind === 'softmax'
            ? { type: 'softmax', num_classes: l.outFeatures }
            : { type: 'fc', num_neurons: l.outFeatures },
        );
        break;
      case 'softmax':
        if (layers[i - 1]?.kind !== 'linear') throw new Error('softmax must follow a linear layer');
        break;
      default:
        throw new Error(`'${l.id}': ${l.kind} has no ConvNetJS counterpart here`);
    }
  }
  return defs;
}

/** Our NCHW batch as one ConvNetJS Vol per example (its layout is [y][x][depth]). */
function toVols(b: TrainBatch, c: number, h: number, w: number): Vol[] {
  return Array.from({ length: b.n }, (_, i) => {
    const v = new convnetjs.Vol(w, h, c, 0);
    for (let ch = 0; ch < c; ch++)
      for (let p = 0; p < h * w; p++) v.w[p * c + ch] = b.images[(i * c + ch) * h * w + p];
    return v;
  });
}

export function convnetStepper(c: TrainCase, batches: readonly TrainBatch[]): Stepper {
  if (c.optimizer.kind !== 'sgd') throw new Error(convnetUnavailable(c) ?? 'not SGD');
  const net = new convnetjs.Net();
  net.makeLayers(convnetDefs(c.network));
  const trainer = new convnetjs.Trainer(net, {
    method: 'sgd',
    learning_rate: c.optimizer.lr,
    momentum: c.optimizer.momentum,
    batch_size: c.batch,
    l2_decay: 0,
  });
  const { c: ch, h, w } = c.network.input;
  const vols = batches.map((b) => toVols(b, ch, h, w));
  return {
    async step(k) {
      const b = k % batches.length;
      const labels = batches[b].labels;
      let sum = 0;
      vols[b].forEach((v, i) => (sum += trainer.train(v, labels[i]).cost_loss));
      return sum / vols[b].length;
    },
    dispose() {},
  };
}
