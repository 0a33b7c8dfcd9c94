// The training studio's settings: what a student picks before pressing Train, with bounds (one
// place: the panel's inputs, the actions' checks and their refusals all read these).

import * as v from 'valibot';

export const TRAIN_DATASETS = ['mnist', 'colors', 'own'] as const;
export type TrainDataset = (typeof TRAIN_DATASETS)[number];

/** Which digits of MNIST: all ten, or one half (transfer learning pre-trains on 0–4). */
export const DIGIT_SETS = { all: null, '0-4': [0, 1, 2, 3, 4], '5-9': [5, 6, 7, 8, 9] } as const;
export type DigitSet = keyof typeof DIGIT_SETS;

export interface TrainSettings {
  /** 'own': the student's captured classes. */
  readonly dataset: TrainDataset;
  /** MNIST only: which digits. */
  readonly digits: DigitSet;
  /** Training examples per class (0: all): a small set, as fine-tuning has. */
  readonly perClass: number;
  readonly optimizer: 'sgd' | 'adam';
  /** Learning rate, 1e-5 … 1e3 (a log slider; 1e3 is there to show divergence). */
  readonly learningRate: number;
  readonly batchSize: number;
  readonly epochs: number;
  readonly weightDecay: number;
  /** Random shifts of ±2 pixels (MNIST) or small moves (colour shapes). */
  readonly augment: boolean;
  readonly seed: number;
}

export const DEFAULT_TRAIN_SETTINGS: TrainSettings = {
  dataset: 'mnist',
  digits: 'all',
  perClass: 0,
  optimizer: 'adam',
  learningRate: 0.002,
  batchSize: 32,
  epochs: 1,
  weightDecay: 0,
  augment: false,
  seed: 1,
};

export const TRAIN_BOUNDS = {
  learningRate: [1e-5, 1e3],
  batchSize: [1, 256],
  epochs: [1, 50],
  weightDecay: [0, 0.1],
  seed: [0, 2 ** 31],
  perClass: [0, 10_000],
} as const;

const within = (k: keyof typeof TRAIN_BOUNDS, whole = false) => {
  const [lo, hi]: readonly [number, number] = TRAIN_BOUNDS[k];
  return v.pipe(
    v.number(),
    v.finite('must be a number'),
    v.check((x: number) => !whole || Number.isInteger(x), 'must be a whole number'),
    v.minValue(lo, `must be at least ${lo}`),
    v.maxValue(hi, `must be at most ${hi}`),
  );
};

const settingsSchema = v.partial(
  v.strictObject({
    dataset: v.picklist(TRAIN_DATASETS, `must be one of ${TRAIN_DATASETS.join(', ')}`),
    optimizer: v.picklist(['sgd', 'adam'], "must be 'sgd' or 'adam'"),
    learningRate: within('learningRate'),
    batchSize: within('batchSize', true),
    epochs: within('epochs', true),
    weightDecay: within('weightDecay'),
    augment: v.boolean(),
    digits: v.picklist(['all', '0-4', '5-9'], "must be 'all', '0-4' or '5-9'"),
    perClass: within('perClass', true),
    seed: within('seed', true),
  }),
);

/** Why a settings patch cannot be kept (naming the field), or null. */
export function trainSettingsRefusal(patch: unknown): string | null {
  const r = v.safeParse(settingsSchema, patch);
  if (r.success) return null;
  const issue = r.issues[0];
  const key = issue.path?.map((p) => String(p.key)).join('.') ?? 'settings';
  return `${key}: ${issue.message}`;
}
