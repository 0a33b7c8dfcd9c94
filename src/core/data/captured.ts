// The student's own classes as a dataset (Teachable-Machine style): a few dozen pictures per
// class, captured from the webcam, drawn, or uploaded, each already prepared as the network's
// input (C×H×W). Every fifth picture of a class is held out to measure the network on pictures it
// did not train on — when the class has at least five; smaller classes all go to training.

import type { Dataset } from './dataset';

export interface CapturedClasses {
  readonly names: readonly string[];
  /** [C, H, W] of every picture: the network input they were prepared for. */
  readonly shape: readonly [number, number, number];
  /** images[k]: the pictures of class k, each C×H×W values. */
  readonly images: readonly (readonly Float32Array[])[];
}

/** Pictures a class needs before training starts (one to train on, one more to learn from). */
export const MIN_PER_CLASS = 2;
/** At most this many classes and pictures per class (a few dozen is the idea; memory stays small). */
export const MAX_CAPTURED_CLASSES = 20;
export const MAX_PER_CLASS = 500;
/** Every HOLD_OUT-th picture of a class with at least HOLD_OUT pictures is held out. */
export const HOLD_OUT = 5;

/** Why these classes cannot be trained on, in one sentence, or null. */
export function capturedRefusal(c: CapturedClasses): string | null {
  if (c.names.length < 2)
    return 'A classifier needs at least 2 classes: add another class and some pictures of it.';
  for (let k = 0; k < c.names.length; k++) {
    const n = c.images[k]?.length ?? 0;
    if (n === 0) return `Class '${c.names[k]}' has no pictures yet: add at least ${MIN_PER_CLASS}.`;
    if (n < MIN_PER_CLASS)
      return `Class '${c.names[k]}' has only ${n} picture: add at least ${MIN_PER_CLASS}.`;
  }
  const per = c.shape[0] * c.shape[1] * c.shape[2];
  for (const set of c.images)
    for (const img of set)
      if (img.length !== per)
        return `Some pictures were prepared for another input size; the network takes ${c.shape.join('×')} — capture them again.`;
  return null;
}

function fromList(c: CapturedClasses, list: readonly [number, number][], name: string): Dataset {
  return {
    name,
    shape: [c.shape[0], c.shape[1], c.shape[2]],
    classes: c.names,
    size: list.length,
    example(i, out, offset) {
      const [k, j] = list[i];
      out.set(c.images[k][j], offset);
      return k;
    },
  };
}

/** The training and held-out pictures (see the header for the split). */
export function capturedDatasets(c: CapturedClasses): { train: Dataset; test: Dataset } {
  const train: [number, number][] = [];
  const test: [number, number][] = [];
  c.images.forEach((set, k) =>
    set.forEach((_, j) =>
      (set.length >= HOLD_OUT && j % HOLD_OUT === HOLD_OUT - 1 ? test : train).push([k, j]),
    ),
  );
  return {
    train: fromList(c, train, 'your classes'),
    test: fromList(c, test, 'your classes (held out)'),
  };
}
