// What the app may keep: the store's actions ask these before any edit, with the same schema a
// link or a file passes through (networkSchema.ts) and the same budget (parseDocument.ts). So an
// edit the editor accepts is always one a link can carry back — a reload never loses a network —
// and a value the editor cannot keep is explained where it was typed.

import * as v from 'valibot';
import type { NetworkCost } from '../cost';
import type { InputSpec, Layer, Network } from '../layers';
import { LIMITS, fitsNumeric } from '../limits';
import type { FixedWeights } from '../presets/preset';
import { fixedWeightsSchema, inputSchema, layerSchema } from './networkSchema';
import { checkBudget, describeIssue } from './parseDocument';

/** Field names of the schema in a student's words, for messages beside the field. */
const FIELD_WORDS: Record<string, string> = {
  outChannels: 'output channels',
  outFeatures: 'output features',
  kernel: 'kernel',
  stride: 'stride',
  padding: 'padding',
  paddingMode: 'padding mode',
  dilation: 'dilation',
  groups: 'groups',
  eps: 'epsilon',
  alpha: 'negative slope',
  p: 'drop probability',
  name: 'name',
  id: 'id',
  inputs: 'inputs',
  n: 'batch',
  c: 'channels',
  h: 'height',
  w: 'width',
};

/** 'kernel height: must be at most 64 (got 65)' from a valibot issue. */
function sentence(issue: v.BaseIssue<unknown>): string {
  const raw = describeIssue(issue);
  const m = /^([A-Za-z]+)(?:\[(\d)\])?: (.*)$/.exec(raw);
  if (!m) return raw;
  const [, key, axis, rest] = m;
  const word = FIELD_WORDS[key] ?? key;
  const which =
    axis === undefined
      ? ''
      : key === 'inputs'
        ? ` ${Number(axis) + 1}`
        : axis === '0'
          ? ' height'
          : ' width';
  return `${word}${which}: ${rest}`;
}

const check = (schema: v.GenericSchema, value: unknown): string | null => {
  const r = v.safeParse(schema, value);
  return r.success ? null : sentence(r.issues[0]);
};

/** Why a layer cannot be kept (a value out of bounds, a wrong type), or null. */
export const layerRefusal = (layer: Layer): string | null => check(layerSchema, layer);

/** Why an input size cannot be kept, or null. */
export const inputRefusal = (input: InputSpec): string | null => check(inputSchema, input);

/** Why a layer's hand-set parameters cannot be kept, or null. */
export const weightsRefusal = (fixed: FixedWeights): string | null =>
  check(fixedWeightsSchema, fixed);

/** Why a whole network cannot be kept: too many layers, or over the memory/compute budget. */
export function networkRefusal(network: Network, cost?: NetworkCost): string | null {
  if (network.layers.length > LIMITS.layers)
    return `a network holds at most ${LIMITS.layers} layers`;
  return checkBudget(network, cost);
}

/** Why typed input values cannot be kept for this input size, or null. */
export function typedInputRefusal(input: InputSpec, values: readonly number[]): string | null {
  if (!fitsNumeric(input))
    return `typed input holds up to ${LIMITS.numericSide}×${LIMITS.numericSide} per channel and ${LIMITS.numericChannels} channels; the input is ${input.c}×${input.h}×${input.w}`;
  const want = input.c * input.h * input.w;
  if (values.length !== want)
    return `typed input needs ${input.c}×${input.h}×${input.w} = ${want} numbers, got ${values.length}`;
  if (!values.every((x) => Number.isFinite(x) && Math.abs(x) <= FLOAT32_MAX))
    return 'typed input values must be finite numbers within ±3.4·10³⁸';
  return null;
}

/** The largest finite float32: a typed value beyond it would compute as ∞. */
export const FLOAT32_MAX = 3.4028234663852886e38;

/** Why a typed number cannot be a weight or an input value, or null. */
export function valueRefusal(x: unknown): string | null {
  if (typeof x !== 'number' || !Number.isFinite(x)) return 'type a finite number';
  if (Math.abs(x) > FLOAT32_MAX) return 'must be within ±3.4·10³⁸ (float32)';
  return null;
}
