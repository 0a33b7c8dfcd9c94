// The losses a network can be trained with, as configuration and the shape rules they need.
// The maths (CPU twin src/cpu/grad/loss.ts, GPU shaders/grad/loss.wgsl):
//   crossEntropy: softmax fused with cross-entropy over logits [N, K] (or [N, K, 1, 1]) and one
//     integer label per sample in [0, K): loss = mean_n (logsumexp(z_n) − z_n[label_n]) (PyTorch
//     F.cross_entropy, reduction 'mean'); dz = (softmax(z) − onehot(label)) / N; and the batch
//     accuracy as the number of samples whose first largest logit is their label.
//   mse: mean-squared error over every value (PyTorch MSELoss, reduction 'mean'):
//     loss = mean((y − t)²); dy = 2 (y − t) / count.

import type { Shape } from '../shape';

export const LOSS_KINDS = ['crossEntropy', 'mse'] as const;
export type LossKind = (typeof LOSS_KINDS)[number];

export interface LossConfig {
  readonly kind: LossKind;
}

export const LOSS_LABEL: Record<LossKind, string> = {
  crossEntropy: 'Softmax + cross-entropy',
  mse: 'Mean squared error',
};

/** One evaluation of a loss on a batch. */
export interface LossValue {
  /** The mean over the batch (cross-entropy) or over every value (MSE). */
  readonly loss: number;
  /** Cross-entropy: samples whose argmax is their label; MSE: 0 (no notion of a class). */
  readonly correct: number;
}

/**
 * Why `kind` cannot be computed on a network output of `outShape`, or null. Cross-entropy needs
 * one row of K ≥ 1 logits per sample: [N, K], or [N, K, 1, 1] as global pooling leaves it.
 */
export function lossIssue(kind: LossKind, outShape: Shape): string | null {
  if (outShape.length < 2) return `the loss needs a batch of outputs, got [${outShape.join(', ')}]`;
  if (kind === 'crossEntropy') {
    const inner = outShape.slice(2).reduce((a, b) => a * b, 1);
    if (inner !== 1) {
      return `cross-entropy needs one row of class scores per sample ([N, K]), got [${outShape.join(', ')}]: flatten or pool first`;
    }
  }
  return null;
}

/** The logits' row length K of a cross-entropy output [N, K] or [N, K, 1, 1]. */
export const classCount = (outShape: Shape): number => outShape[1];
