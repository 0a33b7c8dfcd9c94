// Trains one of the app's presets with the project's own trainer (src/train/trainer.ts) on the CPU
// engine (src/backend/train/cpuEngine.ts), then writes the weights the app ships:
// <name>.safetensors ('<layer id>.<field>' tensors, provenance in __metadata__) and <name>.json
// (how the model was made and how to prepare its input). Seeded: the same recipe gives the same
// weights, bit for bit (the CPU engine is deterministic for a seed); only `seconds` in the JSON
// changes between runs. Progress (loss, held-out accuracy, speed) goes to stdout as it trains.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Dataset } from '../../src/core/data/dataset';
import { inferShapes, type OkShape } from '../../src/core/infer';
import type { Network } from '../../src/core/layers';
import { getPreset } from '../../src/core/presets';
import type { OptimizerConfig } from '../../src/core/train/optim';
import { learningRate } from '../../src/core/train/schedule';
import { initLayerParams, type InitScheme, type LayerParams } from '../../src/core/weights';
import { paramsToTensors } from '../../src/core/weightsFile/namedWeights';
import { encodeSafetensors } from '../../src/core/weightsFile/safetensors';
import { createCpuEngine } from '../../src/backend/train/cpuEngine';
import { Trainer } from '../../src/train/trainer';
import { evaluate } from './evaluate';

export interface Recipe {
  /** File stem: public/weights/<name>.safetensors and .json. */
  readonly name: string;
  readonly preset: 'lenet5' | 'tinyvgg';
  /** The dataset, in words (source, split). */
  readonly dataset: string;
  /** How an input is prepared for the network, in words. */
  readonly input: string;
  readonly train: Dataset;
  readonly test: Dataset;
  /** Distinct training examples (before augmentation's copies). */
  readonly trainExamples: number;
  /** Passes over the training examples. */
  readonly epochs: number;
  /** Trainer epochs over `train` (1 when `train` already holds every pass as copies). */
  readonly trainerEpochs: number;
  readonly batchSize: number;
  readonly optimizer: OptimizerConfig;
  readonly augmentation: string;
  /** Initial weights: Xavier uniform for tanh (LeNet-5), He normal for ReLU (Tiny VGG). */
  readonly init: InitScheme;
  /** Seeds the initial weights, the shuffling and the data. */
  readonly seed: number;
  /** The npm command that makes these files. */
  readonly command: string;
  /** Print progress and evaluate on the test set this many times per pass (default 1). */
  readonly evalsPerEpoch?: number;
  /** At most this many test examples in those progress evaluations (the final one takes all). */
  readonly evalLimit?: number;
  /** Names of the network's outputs when the training set has fewer classes (digits 0–4 of 10). */
  readonly outputClasses?: readonly string[];
}

const out = (s: string) => process.stdout.write(`${s}\n`);
const pct = (x: number) => `${(100 * x).toFixed(2)}%`;

function describeSchedule(o: OptimizerConfig): string {
  const s = o.schedule;
  const warm = s?.warmup
    ? `, after ${s.warmup.steps} warm-up steps from ${s.warmup.startFactor}×`
    : '';
  if (!s || s.kind === 'constant') return `constant ${o.lr}${warm}`;
  if (s.kind === 'step') return `${o.lr} × ${s.gamma} every ${s.stepSize} steps${warm}`;
  return `cosine from ${o.lr} to ${s.minLr} over ${s.totalSteps} steps${warm}`;
}

export async function trainAndShip(recipe: Recipe, outDir = 'public/weights'): Promise<void> {
  const preset = getPreset(recipe.preset)!.network;
  const network: Network = { ...preset, input: { ...preset.input, n: recipe.batchSize } };
  const params: Record<string, LayerParams> = {};
  for (const ls of inferShapes(network).layers) {
    const p = initLayerParams(ls as OkShape, recipe.seed, recipe.init);
    if (Object.keys(p).length > 0) params[ls.id] = p;
  }
  const steps = recipe.trainerEpochs * Math.ceil(recipe.train.size / recipe.batchSize);
  const evals = (recipe.evalsPerEpoch ?? 1) * recipe.epochs;
  out(
    `${recipe.name}: ${recipe.preset} on ${recipe.dataset}\n` +
      `  ${recipe.trainExamples} training examples × ${recipe.epochs} passes (${recipe.augmentation}), ` +
      `${recipe.test.size} held out; ${steps} steps of ${recipe.batchSize}; ` +
      `${recipe.optimizer.kind}, lr ${describeSchedule(recipe.optimizer)}; seed ${recipe.seed}`,
  );
  const trainer = new Trainer({
    init: {
      network,
      params,
      optimizer: recipe.optimizer,
      loss: 'crossEntropy',
      frozen: [],
      seed: recipe.seed,
      maxBatch: recipe.batchSize,
    },
    createEngine: createCpuEngine,
    train: recipe.train,
    test: recipe.test,
    batchSize: recipe.batchSize,
    epochs: recipe.trainerEpochs,
    learningRate: (t) => learningRate(recipe.optimizer, t),
    evalEvery: Math.max(1, Math.round(steps / evals)),
    ...(recipe.evalLimit ? { evalLimit: recipe.evalLimit } : {}),
  });
  const started = performance.now();
  let lossSum = 0;
  let lossCount = 0;
  let eps = 0;
  trainer.on((e) => {
    if (e.type === 'step' && e.loss !== null) {
      lossSum += e.loss;
      lossCount++;
      eps = e.examplesPerSecond;
    }
    if (e.type === 'eval') {
      const seconds = (performance.now() - started) / 1000;
      out(
        `  step ${e.step}/${steps} (pass ${((e.step / steps) * recipe.epochs).toFixed(1)}): ` +
          `train loss ${(lossSum / Math.max(1, lossCount)).toFixed(4)}, ` +
          `held-out loss ${e.loss.toFixed(4)}, accuracy ${pct(e.accuracy)}; ` +
          `${eps.toFixed(0)} examples/s, ${seconds.toFixed(0)} s`,
      );
      lossSum = 0;
      lossCount = 0;
    }
  });
  const done = await trainer.run();
  if (done.reason !== 'finished') throw new Error(`training ${done.reason}: ${done.message ?? ''}`);
  const trained = await trainer.parameters();
  trainer.dispose();
  const seconds = Math.round((performance.now() - started) / 1000);
  // The accuracy the app would measure: the CPU forward over the whole held-out set.
  const result = evaluate(preset, trained, recipe.test);
  out(
    `  held-out accuracy (CPU forward): ${pct(result.accuracy)} (${result.correct}/${result.examples}); ` +
      `trained in ${seconds} s`,
  );
  const testAccuracy = Number(result.accuracy.toFixed(4));
  const tensors = paramsToTensors(inferShapes(preset), trained);
  const bytes = encodeSafetensors(tensors, {
    format: 'cnn-visualizer weights: <layer id>.<field>',
    preset: recipe.preset,
    dataset: recipe.dataset,
    accuracy: String(testAccuracy),
    seed: String(recipe.seed),
    steps: String(done.step),
    command: recipe.command,
  });
  const meta = {
    name: recipe.name,
    preset: recipe.preset,
    dataset: recipe.dataset,
    classes: recipe.outputClasses ?? recipe.train.classes,
    input: recipe.input,
    trainExamples: recipe.trainExamples,
    testExamples: recipe.test.size,
    testAccuracy,
    perClassAccuracy: Object.fromEntries(
      result.perClass.map(([ok, n], c) => [recipe.train.classes[c], Number((ok / n).toFixed(4))]),
    ),
    epochs: recipe.epochs,
    steps: done.step,
    batchSize: recipe.batchSize,
    optimizer: { ...recipe.optimizer, schedule: undefined },
    learningRate: {
      schedule: recipe.optimizer.schedule ?? { kind: 'constant' },
      text: describeSchedule(recipe.optimizer),
    },
    augmentation: recipe.augmentation,
    loss: 'cross-entropy',
    initialization: `${recipe.init === 'he' ? 'He normal' : 'Xavier uniform'}, zero biases (src/core/weights.ts), seed ${recipe.seed}`,
    seed: recipe.seed,
    engine:
      'cpu (src/backend/train/cpuEngine.ts, float32 storage, float64 sums; deterministic for a seed)',
    seconds,
    command: recipe.command,
    weights: `${recipe.name}.safetensors`,
  };
  const dir = resolve(outDir);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${recipe.name}.safetensors`), bytes);
  writeFileSync(join(dir, `${recipe.name}.json`), `${JSON.stringify(meta, null, 2)}\n`);
  out(`  wrote ${join(outDir, recipe.name)}.safetensors (${bytes.length} bytes) and .json`);
}
