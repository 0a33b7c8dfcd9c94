// The TensorFlow.js peer of a training step: the same layers (bench/tfjsModels.ts's ops, so
// conv2d and linear are tf.fused ops with bias), the same initial parameters (ours, converted to
// TensorFlow.js's layout), the same batches, mean softmax cross-entropy on the logits (the final
// softmax layer is folded into the loss, as our train graph does), and the same optimizer:
// tf.train.momentum(lr, μ) is PyTorch's SGD with momentum (b ← μ b + g, p ← p − η b) and
// tf.train.adam(lr, β₁, β₂, ε) Adam, applied by optimizer.minimize over the variables.
//
// Layout: TensorFlow.js is NHWC. Images are transposed once per batch before timing; conv weights
// [C_out, C_in, K_h, K_w] become [K_h, K_w, C_in, C_out]; a linear layer's [out, in] becomes
// [in, out], its inputs permuted when it follows a flatten of [C, H, W] (TensorFlow.js flattens
// [H, W, C]). The computation is then the same as ours, so the first step's loss must agree.

import * as tf from '@tensorflow/tfjs-core';
// The gradients of every op (the union package @tensorflow/tfjs imports this; tfjs-core alone does not).
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { inferShapes, type OkShape } from '../../src/core/infer';
import type { LayerParams } from '../../src/core/weights';
import type { TrainBatch } from '../../src/train/engine';
import { opFor, type Op, type Param } from '../tfjsModels';
import type { TrainCase } from './cases';
import type { Stepper } from './measure';

/** NCHW → NHWC. */
function toNhwc(x: Float32Array, n: number, c: number, h: number, w: number): Float32Array {
  if (c === 1) return x;
  const out = new Float32Array(x.length);
  for (let i = 0; i < n; i++)
    for (let ch = 0; ch < c; ch++)
      for (let p = 0; p < h * w; p++) out[(i * h * w + p) * c + ch] = x[(i * c + ch) * h * w + p];
  return out;
}

/** Our conv weight [C_out, C_in, K_h, K_w] as [K_h, K_w, C_in, C_out]. */
function convWeight(wt: Float32Array, [kh, kw, cin, cout]: number[]): Float32Array {
  const out = new Float32Array(wt.length);
  for (let o = 0; o < cout; o++)
    for (let i = 0; i < cin; i++)
      for (let y = 0; y < kh; y++)
        for (let x = 0; x < kw; x++)
          out[((y * kw + x) * cin + i) * cout + o] = wt[((o * cin + i) * kh + y) * kw + x];
  return out;
}

/**
 * Our linear weight [out, in] as [in, out]. `chw`: the [C, H, W] a flatten before it flattened,
 * whose NHWC order TensorFlow.js's rows follow.
 */
function linearWeight(wt: Float32Array, [fin, fout]: number[], chw: number[] | null) {
  const out = new Float32Array(wt.length);
  const [c, h, w] = chw ?? [fin, 1, 1];
  for (let ch = 0; ch < c; ch++)
    for (let p = 0; p < h * w; p++) {
      const ours = ch * h * w + p;
      const theirs = p * c + ch;
      for (let o = 0; o < fout; o++) out[theirs * fout + o] = wt[o * fin + ours];
    }
  return out;
}

/** Builds the step for the case; `initTfjs()` (bench/tfjsModels.ts) must have run. */
export function tfjsStepper(
  c: TrainCase,
  params: Readonly<Record<string, LayerParams>>,
  batches: readonly TrainBatch[],
): Stepper {
  const inference = inferShapes(c.network);
  const layers = inference.layers as OkShape[];
  const last = layers.at(-1);
  if (last?.layer.kind !== 'softmax') throw new Error('the network must end with softmax');
  const variables: tf.Variable[] = [];
  const ops: Op[] = [];
  for (const ls of layers.slice(0, -1)) {
    if (ls.layer.kind === 'conv2d' && ls.layer.groups !== 1)
      throw new Error(`'${ls.id}': grouped convolution is not supported by the peer`);
    const before = inference.byId.get(ls.inputs[0] ?? '');
    const chw =
      ls.layer.kind === 'linear' && before?.status === 'ok' && before.layer.kind === 'flatten'
        ? before.inputShapes[0].slice(1)
        : null;
    const param: Param = (shape, _scale, what, id) => {
      const p = params[id];
      const ours = what === 'bias' ? p?.bias : p?.weight;
      if (!ours) throw new Error(`'${id}': no ${what} in the initial parameters`);
      const values =
        what === 'bias'
          ? ours
          : shape.length === 4
            ? convWeight(ours, shape)
            : linearWeight(ours, shape, chw);
      const v = tf.variable(tf.tensor(values, shape), true, `${id}.${what}`);
      variables.push(v);
      return v;
    };
    ops.push(opFor(ls, param));
  }
  const classes = last.shape[1];
  const { n, c: ch, h, w } = c.network.input;
  const images = batches.map((b) => toNhwc(b.images, n, ch, h, w));
  const onehot = batches.map((b) => {
    const y = new Float32Array(n * classes);
    b.labels.forEach((l, i) => (y[i * classes + l] = 1));
    return y;
  });
  const o = c.optimizer;
  const optimizer =
    o.kind === 'sgd'
      ? tf.train.momentum(o.lr, o.momentum)
      : tf.train.adam(o.lr, o.betas[0], o.betas[1], o.eps);
  return {
    async step(k, wantLoss) {
      const b = k % batches.length;
      const x = tf.tensor4d(images[b], [n, h, w, ch]);
      const y = tf.tensor2d(onehot[b], [n, classes]);
      const cost = optimizer.minimize(
        () =>
          tf.losses.softmaxCrossEntropy(
            y,
            ops.reduce<tf.Tensor>((t, op) => op(t), x),
          ),
        wantLoss,
        variables,
      );
      x.dispose();
      y.dispose();
      if (!cost) return null;
      const [loss] = await cost.data();
      cost.dispose();
      return loss;
    },
    dispose() {
      optimizer.dispose();
      for (const v of variables) v.dispose();
    },
  };
}
