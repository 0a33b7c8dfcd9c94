// Checks an optimizer config (with its schedule) from anywhere — the editor, a saved file, a
// test — and says what is wrong in one sentence a student can read: the schema first (types and
// bounds per field, PyTorch's defaults filled in), then the rules that tie fields together
// (Nesterov needs momentum, a cosine cannot end above where it starts).

import * as v from 'valibot';
import type { Parsed } from '../share/parseDocument';
import { DEFAULTS, type OptimizerConfig } from './optim';
import type { ScheduleConfig } from './schedule';

/** Steps a schedule may name (warm-up, step size, cosine length): ten million. */
export const MAX_SCHEDULE_STEPS = 10_000_000;

const num = v.pipe(v.number('must be a number'), v.finite('must be a finite number'));
const positive = v.pipe(num, v.gtValue(0, 'must be greater than 0'));
const nonNegative = v.pipe(num, v.minValue(0, 'must be at least 0'));
/** [0, 1): a decay rate or momentum. */
const rate = v.pipe(nonNegative, v.ltValue(1, 'must be less than 1'));
const fraction = v.pipe(nonNegative, v.maxValue(1, 'must be at most 1'));
const steps = v.pipe(
  v.number('must be a number'),
  v.integer('must be a whole number'),
  v.minValue(1, 'must be at least 1'),
  v.maxValue(MAX_SCHEDULE_STEPS, `must be at most ${MAX_SCHEDULE_STEPS.toLocaleString('en-US')}`),
);

const warmup = v.strictObject({ steps, startFactor: v.optional(fraction, 0) });

const schedule = v.variant(
  'kind',
  [
    v.strictObject({ kind: v.literal('constant'), warmup: v.optional(warmup) }),
    v.strictObject({
      kind: v.literal('step'),
      stepSize: steps,
      gamma: v.pipe(positive, v.maxValue(1, 'must be at most 1')),
      warmup: v.optional(warmup),
    }),
    v.strictObject({
      kind: v.literal('cosine'),
      totalSteps: steps,
      minLr: v.optional(nonNegative, 0),
      warmup: v.optional(warmup),
    }),
  ],
  "must be 'constant', 'step' or 'cosine'",
);

const base = {
  lr: positive,
  clipNorm: v.optional(positive),
  schedule: v.optional(schedule),
};

const adamLike = (kind: 'adam' | 'adamw') =>
  v.strictObject({
    kind: v.literal(kind),
    ...base,
    betas: v.optional(v.strictTuple([rate, rate], 'must be [β₁, β₂]'), () => [
      ...DEFAULTS[kind].betas,
    ]),
    eps: v.optional(positive, DEFAULTS[kind].eps),
    weightDecay: v.optional(nonNegative, DEFAULTS[kind].weightDecay),
  });

export const optimizerSchema = v.variant(
  'kind',
  [
    v.strictObject({
      kind: v.literal('sgd'),
      ...base,
      momentum: v.optional(rate, 0),
      dampening: v.optional(fraction, 0),
      nesterov: v.optional(v.boolean('must be true or false'), false),
      weightDecay: v.optional(nonNegative, 0),
    }),
    adamLike('adam'),
    adamLike('adamw'),
  ],
  "must be 'sgd', 'adam' or 'adamw'",
);

/** Field names in words, for the messages. */
const WORDS: Record<string, string> = {
  kind: 'optimizer',
  lr: 'learning rate',
  clipNorm: 'gradient clipping norm',
  momentum: 'momentum',
  dampening: 'dampening',
  nesterov: 'Nesterov',
  weightDecay: 'weight decay',
  betas: 'betas',
  eps: 'epsilon',
  schedule: 'schedule',
  'schedule.kind': 'schedule',
  'schedule.stepSize': 'step size',
  'schedule.gamma': 'decay factor γ',
  'schedule.totalSteps': 'cosine length',
  'schedule.minLr': 'minimum learning rate',
  'schedule.warmup': 'warm-up',
  'schedule.warmup.steps': 'warm-up steps',
  'schedule.warmup.startFactor': 'warm-up start factor',
  'betas.0': 'β₁',
  'betas.1': 'β₂',
};

const shown = (x: unknown): string => {
  const s = typeof x === 'string' ? `'${x}'` : JSON.stringify(x);
  return s === undefined ? String(x) : s.length > 40 ? `${s.slice(0, 37)}…` : s;
};

/** The innermost issue: a variant reports its alternative's issues beneath it. */
function deepest(issue: v.BaseIssue<unknown>): v.BaseIssue<unknown> {
  const inner = issue.issues?.find((i) => (i.path?.length ?? 0) > (issue.path?.length ?? 0));
  return inner ? deepest(inner) : issue;
}

/** 'decay factor γ: must be at most 1 (got 2)' from a valibot issue. */
function sentence(issue: v.BaseIssue<unknown>): string {
  const i = deepest(issue);
  const path = (i.path ?? []).map((p) => String(p.key)).join('.');
  const word = WORDS[path] ?? path;
  if (i.type === 'strict_object' && i.received !== 'undefined' && i.expected === 'never') {
    return `${word ? `${word}: ` : ''}is not a setting of this optimizer`;
  }
  if (i.received === 'undefined') return `${word}: is missing`;
  const what = i.message.startsWith('Invalid ')
    ? `expected ${i.expected ?? 'something else'}, got ${i.received}`
    : `${i.message} (got ${shown(i.input)})`;
  return word ? `${word}: ${what}` : what;
}

/** The largest learning rate the schedule reaches: every schedule here stays at or below η₀. */
const peakLr = (c: OptimizerConfig) => c.lr;

/** Rules between fields, once every field is valid on its own. */
function crossCheck(c: OptimizerConfig): string | null {
  if (c.kind === 'sgd' && c.nesterov && (c.momentum <= 0 || c.dampening !== 0)) {
    return `Nesterov momentum needs a momentum above 0 and no dampening (got momentum ${c.momentum}, dampening ${c.dampening})`;
  }
  if (c.kind === 'adamw' && peakLr(c) * c.weightDecay >= 1) {
    return `weight decay: learning rate × weight decay must stay below 1, or AdamW's decay factor 1 − ηλ flips or zeroes the weights (got ${c.lr} × ${c.weightDecay})`;
  }
  const s: ScheduleConfig | undefined = c.schedule;
  if (s?.kind === 'cosine' && s.minLr > c.lr) {
    return `minimum learning rate: must not exceed the learning rate ${c.lr} (got ${s.minLr})`;
  }
  return null;
}

/** Validates untrusted JSON as an optimizer config, PyTorch's defaults filled in. */
export function parseOptimizer(json: unknown): Parsed<OptimizerConfig> {
  const r = v.safeParse(optimizerSchema, json);
  if (!r.success) return { ok: false, message: sentence(r.issues[0]) };
  const config = r.output as OptimizerConfig;
  const cross = crossCheck(config);
  return cross ? { ok: false, message: cross } : { ok: true, value: config };
}

/** Why a config cannot be used, in one sentence, or null. */
export function optimizerRefusal(config: OptimizerConfig): string | null {
  const r = parseOptimizer(config);
  return r.ok ? null : r.message;
}
