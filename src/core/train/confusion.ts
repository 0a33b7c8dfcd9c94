// A confusion matrix of a classifier's predictions: counts[true][predicted], the held-out examples
// in each cell (so a click on "true 4, predicted 9" opens exactly those), and the most confidently
// wrong examples. Pure: probabilities (or scores) in, tallies out.

export interface Confusion {
  readonly classes: number;
  /** counts[t][p]: examples of true class t predicted as p. */
  readonly counts: number[][];
  /** cells[t][p]: their example indices, in the order seen. */
  readonly cells: number[][][];
  readonly total: number;
  readonly correct: number;
  /** Wrong predictions, most confident first: the probability given to the wrong class. */
  readonly confidentWrong: { index: number; truth: number; predicted: number; p: number }[];
}

export function emptyConfusion(classes: number): Confusion {
  return {
    classes,
    counts: Array.from({ length: classes }, () => new Array<number>(classes).fill(0)),
    cells: Array.from({ length: classes }, () => Array.from({ length: classes }, () => [])),
    total: 0,
    correct: 0,
    confidentWrong: [],
  };
}

/**
 * Adds a batch: `probs` holds n rows of `classes` probabilities, `labels` the true classes, and
 * `indices` the examples' indices in the dataset. Mutates and returns `c` (argmax ties: the
 * lower class, as the prediction panel takes it).
 */
export function addBatch(
  c: Confusion,
  probs: ArrayLike<number>,
  labels: ArrayLike<number>,
  indices: ArrayLike<number>,
  keepWrong = 16,
): Confusion {
  const k = c.classes;
  let { total, correct } = c;
  const wrong = [...c.confidentWrong];
  for (let i = 0; i < labels.length; i++) {
    let best = 0;
    for (let j = 1; j < k; j++) if (probs[i * k + j] > probs[i * k + best]) best = j;
    const t = labels[i];
    c.counts[t][best]++;
    c.cells[t][best].push(indices[i]);
    total++;
    if (best === t) correct++;
    else wrong.push({ index: indices[i], truth: t, predicted: best, p: probs[i * k + best] });
  }
  wrong.sort((a, b) => b.p - a.p);
  return { ...c, total, correct, confidentWrong: wrong.slice(0, keepWrong) };
}
