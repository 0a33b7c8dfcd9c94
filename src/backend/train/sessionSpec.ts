// What a training session is asked to do (the studio's settings), the events it sends back, and
// the checks made before any training starts: the network must accept the dataset's images and
// output one value per class. Each refusal is one sentence a student can act on.

import { augmented } from '../../core/data/augment';
import { capturedDatasets, capturedRefusal, type CapturedClasses } from '../../core/data/captured';
import { classSubset } from '../../core/data/subset';
import { trainClassNames, trainDataTitle } from '../../core/train/trainData';
import { colorsSplit, COLOR_CLASSES } from '../../core/data/colors';
import { slice, type Dataset } from '../../core/data/dataset';
import { mnistDatasets } from '../../core/data/mnist';
import { MNIST_CLASSES } from '../../core/data/mnistFile';
import { inferShapes } from '../../core/infer';
import type { Network } from '../../core/layers';
import type { OptimizerConfig } from '../../core/train/optim';
import type { LayerParams } from '../../core/weights';
import type { TrainerEvent } from '../../train/trainer';

export interface SessionDataset {
  /** 'own': the student's captured classes (`own`). */
  readonly id: 'mnist' | 'colors' | 'own';
  /** The MNIST file's bytes (data/mnist.bin); required for 'mnist'. */
  readonly mnistBytes?: Uint8Array;
  /** The captured pictures; required for 'own'. */
  readonly own?: CapturedClasses;
  /** Only these classes of the set, relabelled 0 … k−1 in this order (digits 5–9). */
  readonly classes?: readonly number[];
  /** At most this many training examples per class (transfer learning's small set). */
  readonly perClass?: number;
  /** Use only the first this many training / test examples. */
  readonly trainLimit?: number;
  readonly testLimit?: number;
}

export interface SessionSpec {
  /** As on screen (the input's n is ignored; the batch size is set). */
  readonly network: Network;
  /** Starting parameters by layer id. */
  readonly params: Readonly<Record<string, LayerParams>>;
  readonly frozen: readonly string[];
  readonly dataset: SessionDataset;
  readonly optimizer: OptimizerConfig;
  /** Constant learning rate of every step. */
  readonly learningRate: number;
  readonly batchSize: number;
  readonly epochs: number;
  readonly seed: number;
  /** Random whole-pixel shifts of the training images (core/data/augment.ts). */
  readonly augment: boolean;
  /** Steps between held-out evaluations (0: only at each epoch's end, which happens anyway). */
  readonly evalEvery: number;
  /** Steps between parameter snapshots sent to the page (0: only at pause and at the end). */
  readonly snapshotEvery: number;
  readonly engine: 'cpu' | 'gpu';
  /** Steps between per-layer health reports (default HEALTH_EVERY in sessionRun.ts; 0: none). */
  readonly healthEvery?: number;
}

export type SessionEvent =
  | TrainerEvent
  | {
      readonly type: 'params';
      readonly step: number;
      readonly params: Record<string, LayerParams>;
    };

export interface SessionResult {
  readonly reason: 'finished' | 'stopped' | 'failed';
  readonly message?: string;
  readonly params: Record<string, LayerParams>;
}

/** A session that could not start: the spec, the network or the dataset is wrong. */
export class SessionRefusedError extends Error {
  override readonly name = 'SessionRefusedError';
}

const DATASET_CLASSES = { mnist: MNIST_CLASSES, colors: COLOR_CLASSES } as const;
const DATASET_TITLE = { mnist: 'MNIST', colors: 'the colour shapes', own: 'your classes' } as const;

/** Names of the classes a session's network must output, in order. */
export const sessionClassNames = (d: SessionDataset): readonly string[] => trainClassNames(d);
const datasetTitle = (d: SessionDataset): string => trainDataTitle(d);

const wholeAtLeast = (v: number, min: number) => Number.isInteger(v) && v >= min;

/**
 * Why this spec cannot train, in one sentence, or null. Needs no dataset bytes (the studio can
 * call it on every change); the datasets themselves are checked by `sessionDatasets`.
 */
export function sessionRefusal(spec: SessionSpec): string | null {
  if (!wholeAtLeast(spec.batchSize, 1))
    return `The batch size must be a whole number of at least 1, not ${spec.batchSize}.`;
  if (!wholeAtLeast(spec.epochs, 1))
    return `The number of epochs must be a whole number of at least 1, not ${spec.epochs}.`;
  if (!(spec.learningRate > 0 && Number.isFinite(spec.learningRate)))
    return `The learning rate must be a number greater than 0, not ${spec.learningRate}.`;
  if (!wholeAtLeast(spec.evalEvery, 0) || !wholeAtLeast(spec.snapshotEvery, 0))
    return 'The evaluation and snapshot intervals must be whole numbers of steps (0: never).';
  const { id } = spec.dataset;
  if (id !== 'mnist' && id !== 'colors' && id !== 'own')
    return `There is no dataset '${String(id)}'.`;
  const { classes: subset, perClass } = spec.dataset;
  if (subset && id !== 'own') {
    const n = DATASET_CLASSES[id].length;
    if (subset.length < 2 || new Set(subset).size !== subset.length)
      return 'Choose at least 2 different classes to train on.';
    const bad = subset.find((c) => !Number.isInteger(c) || c < 0 || c >= n);
    if (bad !== undefined) return `${DATASET_TITLE[id]} has no class ${bad}.`;
  }
  if (perClass !== undefined && !wholeAtLeast(perClass, 1))
    return `Examples per class must be a whole number of at least 1, not ${perClass}.`;
  if (id === 'own') {
    if (!spec.dataset.own) return 'No pictures of your classes were given.';
    const why = capturedRefusal(spec.dataset.own);
    if (why) return why;
  }
  const input = spec.network.input;
  const got = `${input.c}×${input.h}×${input.w}`;
  if (
    id === 'mnist' &&
    !(input.c === 1 && (input.h === 28 || input.h === 32) && input.h === input.w)
  )
    return (
      `MNIST digits are 28×28 pixels with 1 channel (32×32 with LeNet-5's 2-pixel border); the ` +
      `network's input is ${got} — set it to 1×28×28 or 1×32×32.`
    );
  if (id === 'colors' && !(input.c === 3 && input.h === 64 && input.w === 64))
    return `The colour shapes are 64×64 RGB images; the network's input is ${got} — set it to 3×64×64.`;
  if (id === 'own') {
    const [c, h, w] = spec.dataset.own!.shape;
    if (input.c !== c || input.h !== h || input.w !== w)
      return `Your pictures were prepared as ${c}×${h}×${w}; the network's input is ${got} — set it back, or capture them again.`;
  }
  const network = { ...spec.network, input: { ...input, n: spec.batchSize } };
  const inference = inferShapes(network);
  if (inference.inputError) return inference.inputError.message;
  for (const ls of inference.layers) {
    if (ls.status === 'error') return `Layer '${ls.id}': ${ls.error.message}`;
    if (ls.status === 'blocked') return `Layer '${ls.id}': ${ls.message}`;
  }
  const last = inference.layers.at(-1);
  if (!last || last.status !== 'ok') return 'The network has no layers to train.';
  const classes = sessionClassNames(spec.dataset).length;
  const outputs = last.shape.slice(1).reduce((a, b) => a * b, 1);
  if (outputs === classes) {
    for (const layer of spec.network.layers) {
      const learns =
        layer.kind === 'conv2d' ||
        layer.kind === 'linear' ||
        layer.kind === 'batchNorm' ||
        (layer.kind === 'layerNorm' && layer.affine);
      if (learns && !spec.params[layer.id]?.weight && !spec.params[layer.id]?.gamma)
        return `Layer '${layer.id}' has no parameters to start from — initialize the network's weights first.`;
    }
    return null;
  }
  const title = datasetTitle(spec.dataset);
  const fix = `${title} has ${classes} classes — set it to ${classes}`;
  // The layer that decides the output count: the last linear or convolution before any
  // softmax / activation / dropout / flatten / pooling at the end.
  const passThrough = new Set([
    'softmax',
    'activation',
    'dropout',
    'flatten',
    'globalAvgPool',
    'pool2d',
    'batchNorm',
    'layerNorm',
  ]);
  for (let i = spec.network.layers.length - 1; i >= 0; i--) {
    const layer = spec.network.layers[i];
    if (layer.kind === 'linear')
      return `The last linear layer ('${layer.id}') has ${layer.outFeatures} outputs; ${fix}.`;
    if (layer.kind === 'conv2d')
      return `The last convolution ('${layer.id}') has ${layer.outChannels} output channels; ${fix}.`;
    if (!passThrough.has(layer.kind)) break;
  }
  return `The network outputs ${outputs} values per example; ${title} has ${classes} classes — make the last layer output ${classes}.`;
}

export interface SessionData {
  readonly train: Dataset;
  readonly test: Dataset;
}

/** How far augmentation shifts an image, in pixels: about 1/16 of its side. */
export const augmentShift = (side: number) => Math.max(1, Math.round(side / 16));

/**
 * The training and held-out sets of a spec that passed `sessionRefusal`, limited and augmented
 * as asked. Throws SessionRefusedError when the bytes are missing or malformed or a set is empty.
 */
export function sessionDatasets(spec: SessionSpec): SessionData {
  const d = spec.dataset;
  let split: { readonly train: Dataset; readonly test: Dataset };
  if (d.id === 'own') {
    split = capturedDatasets(d.own!);
  } else if (d.id === 'mnist') {
    if (!d.mnistBytes || d.mnistBytes.length === 0)
      throw new SessionRefusedError(
        'No MNIST data was given: load the digits first (data/mnist.bin).',
      );
    try {
      split = mnistDatasets(d.mnistBytes, { pad: spec.network.input.h === 32 ? 2 : 0 });
    } catch (e) {
      throw new SessionRefusedError(
        `The MNIST data could not be read: ${e instanceof Error ? e.message : String(e)}`,
      );
    }
  } else split = colorsSplit();
  if (d.classes && d.id !== 'own') {
    const classes = d.classes;
    split = {
      train: classSubset(split.train, { classes, perClass: d.perClass }),
      test: classSubset(split.test, { classes }),
    };
  } else if (d.perClass !== undefined)
    split = {
      train: classSubset(split.train, {
        classes: split.train.classes.map((_, i) => i),
        perClass: d.perClass,
        name: split.train.name,
      }),
      test: split.test,
    };
  const limit = (set: Dataset, n: number | undefined) =>
    n === undefined ? set : slice(set, 0, Math.max(0, Math.floor(n)));
  let train = limit(split.train, d.trainLimit);
  const test = limit(split.test, d.testLimit);
  if (train.size === 0)
    throw new SessionRefusedError(
      `The training set (${split.train.name}) has no examples to train on.`,
    );
  if (spec.augment)
    train = augmented(train, {
      copies: 1,
      seed: spec.seed,
      maxShift: augmentShift(train.shape[1]),
    });
  return { train, test };
}
