// Part of a dataset: only some of its classes (relabelled 0 … k−1 in the order asked), and at most
// a few training examples per class — the "small specific dataset" of transfer learning (digits
// 5–9 with ten pictures each). Pure: the examples kept are the first ones of each class in the
// source's order, so a subset is the same on every machine and in every run.

import type { Dataset } from './dataset';

export interface SubsetOptions {
  /** Source labels to keep; the i-th becomes label i. */
  readonly classes: readonly number[];
  /** At most this many examples per class (default: all of them). */
  readonly perClass?: number;
  readonly name?: string;
}

/** Source label of every example (one read of each; the sets are at most a few 10,000s). */
function labelsOf(d: Dataset): Int32Array {
  const per = d.shape[0] * d.shape[1] * d.shape[2];
  const scratch = new Float32Array(per);
  const labels = new Int32Array(d.size);
  for (let i = 0; i < d.size; i++) labels[i] = d.example(i, scratch, 0);
  return labels;
}

/** A subset, and where each of its examples is in the source (to open it as the input). */
export type Subset = Dataset & { readonly sourceIndex: readonly number[] };

export function classSubset(d: Dataset, opts: SubsetOptions): Subset {
  const { classes } = opts;
  if (new Set(classes).size !== classes.length)
    throw new Error(`A class is asked for twice: ${classes.join(', ')}.`);
  for (const c of classes)
    if (!Number.isInteger(c) || c < 0 || c >= d.classes.length)
      throw new Error(`${d.name} has no class ${c} (it has ${d.classes.length}).`);
  const newLabel = new Map(classes.map((c, i) => [c, i]));
  const cap = opts.perClass ?? Infinity;
  const taken = new Array<number>(classes.length).fill(0);
  const index: number[] = [];
  const labels = labelsOf(d);
  for (let i = 0; i < d.size; i++) {
    const k = newLabel.get(labels[i]);
    if (k === undefined || taken[k] >= cap) continue;
    taken[k]++;
    index.push(i);
  }
  return {
    name: opts.name ?? `${d.name} (${classes.map((c) => d.classes[c]).join(', ')})`,
    shape: d.shape,
    classes: classes.map((c) => d.classes[c]),
    size: index.length,
    sourceIndex: index,
    example(i, out, offset) {
      return newLabel.get(d.example(index[i], out, offset))!;
    },
  };
}

/** Examples per class of a dataset (for "class 'cat' has no pictures" before training). */
export function classCounts(d: Dataset): number[] {
  const counts = new Array<number>(d.classes.length).fill(0);
  for (const l of labelsOf(d)) counts[l]++;
  return counts;
}
