// The losses and their gradients with respect to the network's output (configuration and maths
// in src/core/train/loss.ts). GPU twin: shaders/grad/loss.wgsl.
//   softmaxCrossEntropy: logits [N, K] (or [N, K, 1, 1]) and labels in [0, K), stable through
//     log-sum-exp: loss_n = m + log Σ exp(z − m) − z[label], m the row's maximum; the mean over
//     the batch; dz = (softmax(z) − onehot) / N; and how many rows' first largest logit is the
//     label. A row holding NaN or +∞, or only −∞, has a NaN loss and a NaN gradient and is not
//     correct (as the forward softmax); a label's logit of −∞ gives +∞.
//   mseLoss: mean((y − t)²) over every value; dy = 2 (y − t) / count.

import type { LossConfig, LossValue } from '../../core/train/loss';
import { lossIssue } from '../../core/train/loss';
import type { Tensor } from '../../core/tensor';
import { OpError, checkTensor, expectLength, shapeText } from '../opError';

export interface LossResult extends LossValue {
  /** d loss / d output, the output's shape. */
  readonly grad: Tensor;
}

/** logits: [N, K] or [N, K, 1, 1]; labels: one integer class in [0, K) per sample. */
export function softmaxCrossEntropy(logits: Tensor, labels: ArrayLike<number>): LossResult {
  checkTensor('cross-entropy logits', logits);
  const issue = lossIssue('crossEntropy', logits.shape);
  if (issue !== null) throw new OpError(issue, 'rank');
  const [N, K] = logits.shape;
  expectLength('cross-entropy labels', labels, N, 'one class per sample');
  const z = logits.data;
  const grad = new Float32Array(z.length);
  const e = new Float64Array(K);
  let total = 0;
  let correct = 0;
  for (let n = 0; n < N; n++) {
    const label = labels[n];
    if (!Number.isInteger(label) || label < 0 || label >= K) {
      throw new OpError(`label ${label} of sample ${n} is not a class in [0, ${K})`, 'bad-param');
    }
    const base = n * K;
    let max = -Infinity;
    let nan = false;
    for (let c = 0; c < K; c++) {
      const v = z[base + c];
      if (v !== v) nan = true;
      else if (v > max) max = v;
    }
    if (nan || max === Infinity || max === -Infinity) {
      total = NaN;
      grad.fill(NaN, base, base + K);
      continue;
    }
    let sum = 0;
    for (let c = 0; c < K; c++) {
      e[c] = Math.exp(z[base + c] - max);
      sum += e[c];
    }
    total += max + Math.log(sum) - z[base + label];
    // The first of equal maxima is the prediction (torch.argmax).
    if (z.subarray(base, base + K).indexOf(max) === label) correct++;
    for (let c = 0; c < K; c++) grad[base + c] = (e[c] / sum - (c === label ? 1 : 0)) / N;
  }
  return { loss: total / N, correct, grad: { shape: [...logits.shape], data: grad } };
}

/** y, target: the same shape. */
export function mseLoss(y: Tensor, target: Tensor): LossResult {
  checkTensor('MSE output', y);
  checkTensor('MSE target', target);
  if (y.shape.join() !== target.shape.join()) {
    throw new OpError(
      `MSE needs the target in the output's shape ${shapeText(y.shape)}, got ${shapeText(target.shape)}`,
      'mismatch',
    );
  }
  const count = y.data.length;
  const grad = new Float32Array(count);
  let sum = 0;
  for (let i = 0; i < count; i++) {
    const d = y.data[i] - target.data[i];
    sum += d * d;
    grad[i] = (2 * d) / count;
  }
  return { loss: sum / count, correct: 0, grad: { shape: [...y.shape], data: grad } };
}

/** What a loss compares the output with: class labels, or a tensor of the output's shape. */
export type LossTarget = { readonly labels: ArrayLike<number> } | { readonly target: Tensor };

export function lossAndGrad(config: LossConfig, y: Tensor, t: LossTarget): LossResult {
  if (config.kind === 'crossEntropy') {
    if (!('labels' in t)) throw new OpError('cross-entropy needs class labels', 'bad-param');
    return softmaxCrossEntropy(y, t.labels);
  }
  if (!('target' in t)) throw new OpError('MSE needs a target tensor', 'bad-param');
  return mseLoss(y, t.target);
}
