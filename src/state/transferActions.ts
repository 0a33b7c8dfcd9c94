// Transfer learning, as the lecture notes teach it: start from a network pre-trained on a large
// general dataset, replace its head for the new classes, lock the layers that extract features,
// and train the rest on a small specific set — then train the same network from scratch on the
// same examples for the same steps, and draw both held-out curves so the benefit is seen.

import { classifierHead, earlyConvolutions, withHead } from '../core/train/head';
import type { TrainSettings } from '../core/train/settings';
import { addNotice } from './actions';
import { currentParams } from './currentParams';
import { commit } from './history';
import { getPreset } from '../core/presets';
import { defaultSelection } from './actions';
import { useStore } from './store';
import { isTraining, setTrainSettings, startTraining, toFixed } from './trainActions';

/** The shipped network the demo starts from: LeNet-5 that has only ever seen digits 0–4. */
export const DEMO_WEIGHTS = 'lenet5-mnist04';
export const DEMO_CLASSES = ['5', '6', '7', '8', '9'];

/**
 * The demo's settings: 2 examples of each of 5–9, 30 passes of one batch (30 steps) — the
 * measured case of src/backend/train/transfer.test.ts (fine-tuned 61.5%, from scratch 56.2%).
 */
export const DEMO_SETTINGS: Partial<TrainSettings> = {
  dataset: 'mnist',
  digits: '5-9',
  perClass: 2,
  epochs: 30,
  batchSize: 10,
  optimizer: 'adam',
  learningRate: 0.003,
  augment: false,
};

/**
 * Gives the network a new head for `names` classes (fresh random weights), keeps every other
 * layer's weights as they are now, and locks the early convolutions (core/train/head.ts) so
 * training moves the last convolution, the dense layers and the head. One undo step; returns why not, or null.
 */
export function replaceHead(names: readonly string[]): string | null {
  if (isTraining()) return 'stop the run first';
  const s = useStore.getState();
  const head = classifierHead(s.network);
  const network = withHead(s.network, names.length);
  if (!head || !network) return 'the network has no final linear or convolution layer to replace';
  let params;
  try {
    params = currentParams(s);
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
  delete params[head.id];
  const frozen = earlyConvolutions(network);
  commit({ network, fixedWeights: toFixed(params), weightsId: null, frozen, classNames: names });
  addNotice(
    `New head '${head.id}' for ${names.length} classes (${names.join(', ')}), random weights; ` +
      `${frozen.join(', ') || 'no layer'} locked. Undo puts the old head back.`,
  );
  return null;
}

/** Resolves when the shipped weights `id` are loaded (or failed: then with the reason). */
function whenShipped(id: string, ms = 30_000): Promise<string | null> {
  return new Promise((resolve) => {
    const check = () => {
      const e = useStore.getState().shipped[id];
      if (e?.status === 'ready') return (done(), resolve(null), true);
      if (e?.status === 'error') return (done(), resolve(e.message), true);
      return false;
    };
    const unsubscribe = useStore.subscribe(() => void check());
    const timer = setTimeout(() => (done(), resolve('the weights took too long to load')), ms);
    const done = () => {
      unsubscribe();
      clearTimeout(timer);
    };
    check();
  });
}

/**
 * The demo: LeNet-5 pre-trained on digits 0–4 (one undo step from whatever was on screen),
 * a new head for 5–9, the features locked, trained on 50 digits — then the same from scratch.
 */
export async function startTransferDemo(): Promise<string | null> {
  if (isTraining()) return 'a run is already going: stop it first';
  const preset = getPreset('lenet5')!;
  commit({
    presetId: preset.id,
    edited: false,
    network: preset.network,
    fixedWeights: undefined,
    weightsId: DEMO_WEIGHTS,
    classNames: null,
    frozen: [],
    selectedLayerId: defaultSelection({ network: preset.network }),
  });
  const failed = await whenShipped(DEMO_WEIGHTS);
  if (failed) return failed;
  setTrainSettings(DEMO_SETTINGS);
  const why = replaceHead(DEMO_CLASSES);
  if (why) return why;
  return startTraining({ compareScratch: true });
}
