// What the studio trains on, from its settings: the dataset a session is asked for (a shipped set,
// maybe only some of its classes and a few examples per class; or the student's captured
// classes), the names of the classes the network must output, and the held-out examples the
// confusion matrix is made of — with, for a shipped set, where each one is in the set's held-out
// split, so a click opens it as the input (a link can name it: `example=mnist:12`).

import { COLOR_CLASSES } from '../data/colors';
import type { CapturedClasses } from '../data/captured';
import { capturedDatasets } from '../data/captured';
import type { Dataset } from '../data/dataset';
import { MNIST_CLASSES } from '../data/mnistFile';
import { classSubset } from '../data/subset';
import { DIGIT_SETS, type TrainSettings } from './settings';

export interface TrainDataChoice {
  readonly id: TrainSettings['dataset'];
  readonly classes?: readonly number[];
  readonly perClass?: number;
  readonly own?: CapturedClasses;
}

export type DataSettings = Pick<TrainSettings, 'dataset' | 'digits' | 'perClass'>;

export function trainDataChoice(
  st: DataSettings,
  captured: CapturedClasses | null,
): TrainDataChoice {
  if (st.dataset === 'own') return { id: 'own', ...(captured ? { own: captured } : {}) };
  const digits = st.dataset === 'mnist' ? DIGIT_SETS[st.digits] : null;
  return {
    id: st.dataset,
    ...(digits ? { classes: digits } : {}),
    ...(st.perClass > 0 ? { perClass: st.perClass } : {}),
  };
}

/** The class names the network must output, in order. */
export function trainClassNames(choice: TrainDataChoice): readonly string[] {
  if (choice.id === 'own') return choice.own?.names ?? [];
  const all: readonly string[] = choice.id === 'mnist' ? MNIST_CLASSES : COLOR_CLASSES;
  return choice.classes ? choice.classes.map((c) => all[c] ?? String(c)) : all;
}

/** The dataset in words, for messages: 'MNIST digits 5–9', 'your 3 classes'. */
export function trainDataTitle(choice: TrainDataChoice): string {
  if (choice.id === 'own') return `your ${choice.own?.names.length ?? 0} classes`;
  if (choice.id === 'colors') return 'the colour shapes';
  if (!choice.classes) return 'MNIST';
  return `MNIST digits ${choice.classes.join(', ')}`;
}

export interface HeldOutView {
  readonly data: Dataset;
  /** Index of example i in the shipped set's held-out split; null for captured pictures. */
  readonly sourceIndex: ((i: number) => number) | null;
}

/**
 * The held-out examples of a choice: `fullTest` is the shipped set's held-out split (ignored for
 * captured classes).
 */
export function heldOutView(choice: TrainDataChoice, fullTest: Dataset | null): HeldOutView {
  if (choice.id === 'own') {
    if (!choice.own) throw new Error('There are no pictures of your classes yet.');
    return { data: capturedDatasets(choice.own).test, sourceIndex: null };
  }
  if (!fullTest)
    throw new Error(`The held-out examples of ${trainDataTitle(choice)} are not loaded.`);
  if (!choice.classes) return { data: fullTest, sourceIndex: (i) => i };
  const sub = classSubset(fullTest, { classes: choice.classes });
  return { data: sub, sourceIndex: (i) => sub.sourceIndex[i] };
}
