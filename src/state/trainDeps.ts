// What the page gives the training studio (the MNIST bytes, IndexedDB, the GPU device) and the
// live-view switch, kept apart from trainActions.ts so that start-up (main.tsx) does not load
// the trainer: the studio's code arrives when its panel opens.

import type { SessionDeps } from '../backend/train/session';
import type { NetworkDocument } from '../core/share/parseDocument';

/** What the page provides: the MNIST file's bytes and, for the GPU path, its device. */
export interface TrainingDeps {
  readonly mnistBytes: () => Promise<Uint8Array>;
  /** Keeps the trained network for a reload (IndexedDB); failures are only reported. */
  readonly save?: (doc: NetworkDocument) => Promise<void>;
  readonly gpu?: SessionDeps['gpu'];
}

let deps: TrainingDeps | null = null;
/** Steps between parameter snapshots for the live views (0: none; the benchmark compares). */
let every = 10;

export function configureTraining(d: TrainingDeps): void {
  deps = d;
}
export const trainingDeps = (): TrainingDeps | null => deps;

/** Turns the live views' parameter snapshots off or on (bench/studio.mjs measures the cost). */
export function setLiveViews(on: boolean): void {
  every = on ? 10 : 0;
}
export const snapshotEvery = (): number => every;
