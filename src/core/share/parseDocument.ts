// Turns untrusted JSON into a network document, or into one sentence saying what was wrong:
// the schema first (types, bounds, no markup), then the cost of running it (a network of legal
// layers can still ask for more memory than a browser tab has).

import * as v from 'valibot';
import { networkCost, type NetworkCost } from '../cost';
import { inferShapes } from '../infer';
import type { Network } from '../layers';
import type { FixedWeights } from '../presets/preset';
import { fitsNumeric, LIMITS } from '../limits';
import { documentSchema, FORMAT, FORMAT_VERSION } from './networkSchema';

export interface NetworkDocument {
  readonly preset?: string;
  readonly network: Network;
  readonly seed?: number;
  readonly weights?: Readonly<Record<string, FixedWeights>>;
  /** Shipped trained weights under `weights`, by name. */
  readonly trainedWeights?: string;
  /** Names of the classifier's outputs (a network trained here on named classes). */
  readonly classes?: readonly string[];
  /** Typed input values, one sample C×H×W flattened. */
  readonly input?: readonly number[];
}

export type Parsed<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

const shown = (x: unknown): string => {
  const s = typeof x === 'string' ? `'${x}'` : JSON.stringify(x);
  return s === undefined ? String(x) : s.length > 40 ? `${s.slice(0, 37)}…` : s;
};

/** `layers[3].outChannels` from a valibot issue path. */
function where(issue: v.BaseIssue<unknown>): string {
  let out = '';
  for (const item of issue.path ?? []) {
    const key = item.key;
    out += typeof key === 'number' ? `[${key}]` : `${out ? '.' : ''}${String(key)}`;
  }
  return out;
}

/** The innermost issue: a union or variant reports its alternatives' issues beneath it. */
function deepest(issue: v.BaseIssue<unknown>): v.BaseIssue<unknown> {
  const inner = issue.issues?.find((i) => (i.path?.length ?? 0) > (issue.path?.length ?? 0));
  return inner ? deepest(inner) : issue;
}

/** One readable sentence for the first problem valibot found. */
export function describeIssue(issue: v.BaseIssue<unknown>): string {
  const i = deepest(issue);
  const path = where(i);
  const custom = !i.message.startsWith('Invalid ');
  const what = custom
    ? `${i.message} (got ${shown(i.input)})`
    : `expected ${i.expected ?? 'something else'}, got ${i.received}`;
  return path ? `${path}: ${what}` : what;
}

/** The memory and parameter budget: refuses what would take the tab down before it is built. */
export function checkBudget(network: Network, known?: NetworkCost): string | null {
  const { n, c, h, w } = network.input;
  if (n * c * h * w > LIMITS.inputValues)
    return `the input ${n}×${c}×${h}×${w} holds ${(n * c * h * w).toLocaleString('en-US')} values; the limit is ${LIMITS.inputValues.toLocaleString('en-US')}`;
  const cost = known ?? networkCost(inferShapes(network));
  if (cost.activationBytes > LIMITS.activationBytes)
    return `the network needs ${(cost.activationBytes / 1e9).toFixed(1)} GB of activations; the limit is ${LIMITS.activationBytes / 1e9} GB`;
  if (cost.params > LIMITS.params)
    return `the network has ${(cost.params / 1e6).toFixed(0)} M parameters; the limit is ${LIMITS.params / 1e6} M`;
  if (cost.macs > LIMITS.macs)
    return `the network needs ${(cost.macs / 1e9).toFixed(0)} G multiply-accumulates (hours on a CPU); the limit is ${LIMITS.macs / 1e9} G`;
  return null;
}

/** Keys that would reach Object.prototype if anything ever assigned them naively. */
const UNSAFE_KEYS = new Set(['__proto__', 'prototype', 'constructor']);

/** The path of the first own key named __proto__ / prototype / constructor, at any depth. */
function unsafeKey(x: unknown, path = '', depth = 0): string | null {
  if (typeof x !== 'object' || x === null || depth > 8) return null;
  // Arrays of numbers (weights, typed input) hold no keys worth walking: skip them quickly.
  if (Array.isArray(x) && x.every((v) => typeof v !== 'object' || v === null)) return null;
  for (const key of Object.keys(x)) {
    const here = path ? `${path}.${key}` : key;
    if (UNSAFE_KEYS.has(key)) return here;
    const inner = unsafeKey((x as Record<string, unknown>)[key], here, depth + 1);
    if (inner) return inner;
  }
  return null;
}

const TYPED_MAX = LIMITS.numericChannels * LIMITS.numericSide * LIMITS.numericSide;

/**
 * Arrays past their limits, found by length alone before the schema looks at every number: a
 * host page posting 4 M typed input values is answered at once, not after seconds of checks.
 */
function oversized(doc: Record<string, unknown>): string | null {
  const input = doc.input;
  if (Array.isArray(input) && input.length > TYPED_MAX)
    return `input: typed input holds at most ${LIMITS.numericChannels}×${LIMITS.numericSide}×${LIMITS.numericSide} = ${TYPED_MAX} numbers, got ${input.length.toLocaleString('en-US')}`;
  const weights = doc.weights;
  if (typeof weights !== 'object' || weights === null) return null;
  for (const [id, fw] of Object.entries(weights)) {
    if (typeof fw !== 'object' || fw === null) continue;
    for (const [k, arr] of Object.entries(fw)) {
      if (Array.isArray(arr) && arr.length > LIMITS.arrayLength)
        return `weights.${id}.${k}: must hold at most ${LIMITS.arrayLength} numbers (got ${arr.length.toLocaleString('en-US')})`;
    }
  }
  return null;
}

/** Validates a parsed JSON value as a network document. */
export function parseDocument(json: unknown): Parsed<NetworkDocument> {
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    return { ok: false, message: `expected a JSON object with "format": "${FORMAT}"` };
  // Sizes first: they read only lengths, so a huge array is refused before any walk over it.
  const oversize = oversized(json as Record<string, unknown>);
  if (oversize) return { ok: false, message: oversize };
  const unsafe = unsafeKey(json);
  if (unsafe) return { ok: false, message: `${unsafe}: uses a reserved key` };
  const r = v.safeParse(documentSchema, json);
  if (!r.success) return { ok: false, message: describeIssue(r.issues[0]) };
  const doc = r.output as NetworkDocument;
  const budget = checkBudget(doc.network);
  if (budget) return { ok: false, message: budget };
  const { c, h, w } = doc.network.input;
  if (doc.input && doc.input.length !== c * h * w)
    return {
      ok: false,
      message: `input: expected ${c}×${h}×${w} = ${c * h * w} numbers, got ${doc.input.length}`,
    };
  if (doc.input && !fitsNumeric(doc.network.input))
    return {
      ok: false,
      message: `input: typed input holds up to ${LIMITS.numericSide}×${LIMITS.numericSide} per channel and ${LIMITS.numericChannels} channels; the input is ${c}×${h}×${w}`,
    };
  return { ok: true, value: doc };
}

export const NOT_JSON = 'the text is not valid JSON';

/** Parses JSON text (a file's contents) as a network document. */
export function parseDocumentText(text: string): Parsed<NetworkDocument> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, message: NOT_JSON };
  }
  return parseDocument(json);
}

/** The document as pretty JSON, numbers at float32 precision (9 significant digits). */
export function documentJson(doc: NetworkDocument, indent = 2): string {
  const round = (xs: readonly number[]) => xs.map((x) => Number(x.toPrecision(9)));
  const weights = doc.weights
    ? Object.fromEntries(
        Object.entries(doc.weights).map(([id, fw]) => [
          id,
          Object.fromEntries(
            Object.entries(fw).map(([k, val]) => [
              k,
              k === 'weightEdits'
                ? (val as readonly (readonly [number, number])[]).map(([i, x]) => [
                    i,
                    Number(x.toPrecision(9)),
                  ])
                : Array.isArray(val)
                  ? round(val)
                  : val,
            ]),
          ),
        ]),
      )
    : undefined;
  return JSON.stringify(
    {
      format: FORMAT,
      version: FORMAT_VERSION,
      ...(doc.preset !== undefined ? { preset: doc.preset } : {}),
      network: doc.network,
      ...(doc.seed !== undefined ? { seed: doc.seed } : {}),
      ...(weights ? { weights } : {}),
      ...(doc.trainedWeights !== undefined ? { trainedWeights: doc.trainedWeights } : {}),
      ...(doc.classes !== undefined ? { classes: doc.classes } : {}),
      ...(doc.input ? { input: round(doc.input) } : {}),
    },
    null,
    indent,
  );
}
