// `npm run train:tinyvgg`: Tiny VGG (the CNN Explainer preset as it is: 3×3 valid convs, ReLU, max
// pooling) on the procedural colour shapes at 64×64 (src/core/data/colors.ts); writes
// public/weights/tinyvgg-colors.safetensors and .json. The set is drawn from a seed, so every
// training example is a fresh picture: one pass over TRAIN of them, held out the next TEST.

import { COLORS_SPLIT, colorsSplit } from '../../src/core/data/colors';
import { optimizer } from '../../src/core/train/optim';
import { trainAndShip, type Recipe } from './ship';

const { seed: SEED, train: TRAIN, test: TEST } = COLORS_SPLIT;
const BATCH = 32;

export function tinyvggRecipe(): Recipe {
  const split = colorsSplit();
  const steps = Math.ceil(TRAIN / BATCH);
  return {
    name: 'tinyvgg-colors',
    preset: 'tinyvgg',
    dataset: `procedural colour shapes 64×64 (src/core/data/colors.ts), seed ${SEED}: examples 0 … ${TRAIN - 1} train, ${TRAIN} … ${TRAIN + TEST - 1} held out`,
    input:
      '64×64 RGB, values in [0, 1] (no mean subtraction), drawn by colorsDataset({ size: 64, seed }) — the classes are a colour family and a form',
    train: split.train,
    test: split.test,
    trainExamples: TRAIN,
    epochs: 1,
    trainerEpochs: 1,
    batchSize: BATCH,
    optimizer: optimizer('adam', {
      lr: 2e-3,
      schedule: {
        kind: 'cosine',
        totalSteps: steps - 50,
        minLr: 1e-5,
        warmup: { steps: 50, startFactor: 0.1 },
      },
    }),
    augmentation: 'none (every training example is a new picture)',
    init: 'he',
    seed: SEED,
    command: 'npm run train:tinyvgg',
    evalsPerEpoch: 5,
    evalLimit: 200,
  };
}

export async function main(args: readonly string[]): Promise<void> {
  const at = args.indexOf('--out');
  await trainAndShip(tinyvggRecipe(), at >= 0 ? args[at + 1] : undefined);
}
