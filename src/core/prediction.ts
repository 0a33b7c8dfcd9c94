// Reading a network's output as a prediction: which layer is the classifier's output, and its
// scores as the top-k classes with probabilities (a softmax layer's values as they are; logits
// through a softmax, computed here with the max subtracted so large logits cannot overflow).

import type { Inference } from './infer';

/** The most classes the prediction panel reads (ImageNet's 1,000 fit). */
export const MAX_CLASSES = 1000;

export interface ClassifierOutput {
  readonly layerId: string;
  readonly classes: number;
  /** The layer is a softmax: its values are probabilities already. */
  readonly probabilities: boolean;
}

/**
 * The network's output when it scores classes: the last layer, shaped [N, K] or [N, K, 1, 1]
 * with 2 ≤ K ≤ MAX_CLASSES. Null for anything else (a feature extractor, a broken network).
 */
export function classifierOutput(inference: Inference): ClassifierOutput | null {
  const last = inference.layers.at(-1);
  if (!inference.valid || !last || last.status !== 'ok') return null;
  const [, k, ...rest] = last.shape;
  if (rest.some((d) => d !== 1) || !(k >= 2 && k <= MAX_CLASSES)) return null;
  return { layerId: last.id, classes: k, probabilities: last.layer.kind === 'softmax' };
}

export interface ClassScore {
  readonly index: number;
  readonly probability: number;
}

/** Softmax of scores, in float64. */
export function softmax(scores: ArrayLike<number>): number[] {
  let max = -Infinity;
  for (let i = 0; i < scores.length; i++) max = Math.max(max, scores[i]);
  const e = Array.from(scores, (s) => Math.exp(s - max));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / sum);
}

/**
 * The k most probable classes of the first example of a batch output, highest first (ties: the
 * lower index first, as argmax takes it). `scores` holds the output's values for that example.
 */
export function topK(scores: ArrayLike<number>, k: number, probabilities: boolean): ClassScore[] {
  const p = probabilities ? Array.from(scores) : softmax(scores);
  return p
    .map((probability, index) => ({ index, probability }))
    .sort((a, b) => b.probability - a.probability || a.index - b.index)
    .slice(0, Math.max(0, k));
}
