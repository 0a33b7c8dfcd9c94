// The network file format (JSON): the schema every network from outside passes through, whether
// it comes from a link, a file or a host page. It mirrors layers.ts field by field and bounds
// every number (limits.ts), so what it accepts is plain data the core can analyse safely.

import * as v from 'valibot';
import { SHIPPED_WEIGHTS } from '../weightsFile/shipped';
import { ACTIVATIONS } from '../layers';
import { ID_PATTERN, LIMITS, NAME_PATTERN } from '../limits';

/** A whole number in [min, max], with messages a student can read. */
export const whole = (min: number, max: number) =>
  v.pipe(
    v.number(),
    v.integer('must be a whole number'),
    v.minValue(min, `must be at least ${min}`),
    v.maxValue(max, `must be at most ${max}`),
  );

const finite = v.pipe(v.number(), v.finite('must be a finite number'));

const pair = (min: number) =>
  v.strictTuple([whole(min, LIMITS.window), whole(min, LIMITS.window)], 'must be [height, width]');

export const layerId = v.pipe(
  v.string(),
  v.minLength(1, 'must not be empty'),
  v.maxLength(LIMITS.idLength, `must be at most ${LIMITS.idLength} characters`),
  v.regex(ID_PATTERN, 'may only use letters, digits and _ . - /'),
);

const base = {
  id: layerId,
  name: v.optional(
    v.pipe(
      v.string(),
      v.maxLength(LIMITS.nameLength, `must be at most ${LIMITS.nameLength} characters`),
      v.regex(NAME_PATTERN, 'must be plain text (no < > ` or control characters)'),
    ),
  ),
  inputs: v.optional(
    v.pipe(v.array(layerId), v.maxLength(LIMITS.layerInputs, 'lists too many inputs')),
  ),
};

const conv2d = v.strictObject({
  ...base,
  kind: v.literal('conv2d'),
  outChannels: whole(0, LIMITS.channels),
  kernel: pair(0),
  stride: pair(0),
  padding: v.union([pair(0), v.picklist(['same', 'valid'])], "must be [h, w], 'same' or 'valid'"),
  paddingMode: v.picklist(['zeros', 'replicate', 'reflect']),
  dilation: pair(0),
  groups: whole(0, LIMITS.channels),
  bias: v.boolean(),
  trueConvolution: v.optional(v.boolean()),
});

const pool = v.strictObject({
  ...base,
  kind: v.picklist(['maxPool2d', 'avgPool2d']),
  kernel: pair(0),
  stride: pair(0),
  padding: pair(0),
  ceilMode: v.boolean(),
  countIncludePad: v.optional(v.boolean()),
});

const eps = v.pipe(
  finite,
  v.minValue(0, 'must be ≥ 0'),
  v.maxValue(LIMITS.eps, `must be ≤ ${LIMITS.eps}`),
);

export const layerSchema = v.variant(
  'kind',
  [
    conv2d,
    pool,
    v.strictObject({ ...base, kind: v.literal('batchNorm'), eps }),
    v.strictObject({ ...base, kind: v.literal('layerNorm'), eps, affine: v.boolean() }),
    v.strictObject({
      ...base,
      kind: v.literal('activation'),
      fn: v.picklist(ACTIVATIONS),
      alpha: v.optional(v.pipe(finite, v.minValue(-LIMITS.alpha), v.maxValue(LIMITS.alpha))),
    }),
    v.strictObject({
      ...base,
      kind: v.literal('dropout'),
      p: v.pipe(
        finite,
        v.minValue(0, 'must be ≥ 0'),
        v.maxValue(LIMITS.dropout, `must be at most ${LIMITS.dropout}`),
      ),
    }),
    v.strictObject({
      ...base,
      kind: v.literal('linear'),
      outFeatures: whole(0, LIMITS.features),
      bias: v.boolean(),
    }),
    v.strictObject({
      ...base,
      kind: v.picklist(['globalAvgPool', 'flatten', 'softmax', 'add', 'concat']),
    }),
  ],
  'is not a layer kind this app knows',
);

export const inputSchema = v.strictObject({
  n: whole(1, LIMITS.batch),
  c: whole(1, LIMITS.inputChannels),
  h: whole(1, LIMITS.inputSide),
  w: whole(1, LIMITS.inputSide),
});

export const networkSchema = v.strictObject({
  input: inputSchema,
  layers: v.pipe(
    v.array(layerSchema),
    v.maxLength(LIMITS.layers, `must have at most ${LIMITS.layers} layers`),
  ),
});

const values = v.pipe(
  v.array(finite),
  v.maxLength(LIMITS.arrayLength, `must hold at most ${LIMITS.arrayLength} numbers`),
);

export const fixedWeightsSchema = v.strictObject({
  seed: v.optional(whole(0, LIMITS.seedMax)),
  weight: v.optional(values),
  bias: v.optional(values),
  gamma: v.optional(values),
  beta: v.optional(values),
  runningMean: v.optional(values),
  runningVar: v.optional(values),
  weightDims: v.optional(
    v.pipe(
      v.array(whole(1, LIMITS.arrayLength)),
      v.minLength(1, 'must list the weight layout'),
      v.maxLength(4, 'must list at most 4 sizes'),
    ),
  ),
  weightEdits: v.optional(
    v.pipe(
      v.array(
        v.strictTuple([whole(0, LIMITS.arrayLength - 1), finite], 'must be [index, value] pairs'),
      ),
      v.maxLength(LIMITS.arrayLength, `must hold at most ${LIMITS.arrayLength} pairs`),
    ),
  ),
});

const weights = v.record(layerId, fixedWeightsSchema);

export const FORMAT = 'cnn-visualizer/network';
export const FORMAT_VERSION = 1;

/** A network file, and the `net` payload of a link: what the student built. */
export const documentSchema = v.strictObject({
  format: v.literal(FORMAT, `must be '${FORMAT}'`),
  version: v.literal(FORMAT_VERSION, `must be ${FORMAT_VERSION} (this app reads version 1)`),
  /** The preset it started from, for Reset. */
  preset: v.optional(layerId),
  network: networkSchema,
  seed: v.optional(whole(0, LIMITS.seedMax)),
  weights: v.optional(weights),
  /** Shipped trained weights under `weights`, by name (core/weightsFile/shipped.ts). */
  trainedWeights: v.optional(
    v.picklist(
      SHIPPED_WEIGHTS.map((w) => w.id),
      `must name shipped weights: ${SHIPPED_WEIGHTS.map((w) => w.id).join(', ')}`,
    ),
  ),
  /** Names of the classifier's outputs, when the network was trained here on named classes. */
  classes: v.optional(
    v.pipe(
      v.array(
        v.pipe(
          v.string(),
          v.minLength(1, 'must not be empty'),
          v.maxLength(LIMITS.nameLength, `must be at most ${LIMITS.nameLength} characters`),
          v.regex(NAME_PATTERN, 'must be plain text (no < > ` or control characters)'),
        ),
      ),
      v.maxLength(LIMITS.classNames, `must name at most ${LIMITS.classNames} classes`),
    ),
  ),
  /** Typed input values, one sample C×H×W flattened; absent means a sample image. */
  input: v.optional(values),
});
