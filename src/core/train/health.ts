// Per-layer weight and gradient health over one training step (pure; the trainer calls it every
// few steps, the studio shows it). For each parameter tensor: a summary and histogram of its
// values and of its gradient (healthStats.ts), and the update/weight ratio ‖Δw‖ / ‖w‖.
//
// The ratio is MEASURED, not derived: Δw = w_after − w_before from two parameter snapshots around
// the same step, so it is exact for any optimizer (momentum, Adam, weight decay, clipping), not
// lr·‖g‖ — which equals ‖Δw‖ only for plain SGD without momentum or decay. ‖w‖ is the norm before
// the step. The gradient is ∂L/∂w of that step's batch before any clipping (what the backward
// wrote), the one that vanishes or explodes.
//
// A layer's verdict reads its main tensor (weight; γ for a normalization): a bias starts at 0,
// so its ratio would be huge for a meaningless reason.

import type { Tensor } from '../tensor';
import type { LayerParams } from '../weights';
import {
  diffNorm,
  magnitudeHistogram,
  summarize,
  valueHistogram,
  type Histogram,
  type Summary,
} from './healthStats';
import {
  DEAD_RELU_FRACTION,
  EXPLODING_RATIO,
  HEALTHY_RATIO,
  RATIO_BAND,
  VANISHING_FACTOR,
} from './healthThresholds';
import { deadWarning, explodingWarning, layerWords, vanishingWarning } from './healthWords';

export * from './healthThresholds';

export type ParamField = 'weight' | 'bias' | 'gamma' | 'beta';
export const PARAM_FIELDS: readonly ParamField[] = ['weight', 'bias', 'gamma', 'beta'];

/** One step's gradients of one layer's parameters (a frozen layer has none). */
export type LayerGradients = Partial<Record<ParamField, Float32Array>>;

export type Verdict = 'ok' | 'slow' | 'fast' | 'vanishing' | 'exploding' | 'frozen';

export interface TensorHealth {
  readonly field: ParamField;
  /** Values after the step. */
  readonly values: Summary;
  readonly valueHistogram: Histogram;
  readonly gradient: Summary | null;
  readonly gradientHistogram: Histogram | null;
  /** ‖w_after − w_before‖₂. */
  readonly update: number;
  /** update / ‖w_before‖ (null when ‖w_before‖ = 0). */
  readonly ratio: number | null;
}

export interface LayerHealth {
  readonly id: string;
  /** What the studio calls it (the layer's name, else its id). */
  readonly name: string;
  readonly frozen: boolean;
  readonly tensors: readonly TensorHealth[];
  /** Of the main tensor: its gradient's RMS and its update/weight ratio. */
  readonly gradientRms: number | null;
  readonly ratio: number | null;
  readonly verdict: Verdict;
  /** The verdict in a few plain words ("healthy", "large updates: 3.1% of the weights …"). */
  readonly words: string;
}

export interface DeadUnits {
  /** The ReLU layer, and the layer feeding it (by name). */
  readonly id: string;
  readonly after: string;
  /** Units (conv channels or linear features) that were ≤ 0 for every example of the batch. */
  readonly dead: number;
  readonly units: number;
}

export interface HealthWarning {
  readonly kind: 'vanishing' | 'exploding' | 'dead';
  /** Layer ids concerned. */
  readonly layers: readonly string[];
  readonly text: string;
}

export interface HealthReport {
  /** The step measured (1-based: the report describes the update that made it). */
  readonly step: number;
  readonly layers: readonly LayerHealth[];
  readonly dead: readonly DeadUnits[];
  readonly warnings: readonly HealthWarning[];
}

export interface HealthInput {
  readonly step: number;
  /** The layers with parameters, in network order (the report's order). */
  readonly layers: readonly { readonly id: string; readonly name?: string }[];
  readonly before: Readonly<Record<string, LayerParams>>;
  readonly after: Readonly<Record<string, LayerParams>>;
  /** The step's gradients by layer id; a layer without an entry is frozen. */
  readonly gradients: Readonly<Record<string, LayerGradients>>;
  /** ReLU layers' outputs of the step's batch, [n, C, …] (optional: dead units). */
  readonly relus?: readonly {
    readonly id: string;
    readonly after: string;
    readonly output: Tensor;
  }[];
}

function tensorHealth(
  field: ParamField,
  before: Float32Array,
  after: Float32Array,
  grad: Float32Array | undefined,
): TensorHealth {
  const w0 = summarize(before).norm;
  const update = diffNorm(after, before);
  return {
    field,
    values: summarize(after),
    valueHistogram: valueHistogram(after),
    gradient: grad ? summarize(grad) : null,
    gradientHistogram: grad ? magnitudeHistogram(grad) : null,
    update,
    ratio: w0 > 0 ? update / w0 : null,
  };
}

/** Units of a [n, C, …] output that are ≤ 0 (or not finite) for every example and position. */
export function deadUnits(output: Tensor): { dead: number; units: number } {
  const [n, c] = output.shape;
  const per = output.data.length / (n * c);
  let dead = 0;
  for (let ch = 0; ch < c; ch++) {
    let alive = false;
    for (let i = 0; i < n && !alive; i++) {
      const base = (i * c + ch) * per;
      for (let k = 0; k < per; k++)
        if (output.data[base + k] > 0) {
          alive = true;
          break;
        }
    }
    if (!alive) dead++;
  }
  return { dead, units: c };
}

function verdictOf(main: TensorHealth | undefined, frozen: boolean, vanishing: boolean): Verdict {
  if (frozen || !main?.gradient) return 'frozen';
  const ratio = main.ratio;
  if (main.gradient.nonFinite > 0 || main.values.nonFinite > 0) return 'exploding';
  if (ratio !== null && (ratio >= EXPLODING_RATIO || !Number.isFinite(ratio))) return 'exploding';
  if (vanishing) return 'vanishing';
  if (ratio !== null && ratio > HEALTHY_RATIO * RATIO_BAND) return 'fast';
  if (ratio !== null && ratio < HEALTHY_RATIO / RATIO_BAND) return 'slow';
  return 'ok';
}

/** The health of every layer over one step, with plain-words warnings. */
export function networkHealth(input: HealthInput): HealthReport {
  const measured = input.layers.flatMap((layer) => {
    const before = input.before[layer.id];
    const after = input.after[layer.id];
    if (!before || !after) return [];
    const grads = input.gradients[layer.id];
    const tensors = PARAM_FIELDS.flatMap((field) => {
      const b = before[field];
      const a = after[field];
      return a && b ? [tensorHealth(field, b, a, grads?.[field])] : [];
    });
    const main =
      tensors.find((t) => t.field === 'weight') ?? tensors.find((t) => t.field === 'gamma');
    return [{ id: layer.id, name: layer.name ?? layer.id, frozen: !grads, tensors, main }];
  });
  const rms = (m: (typeof measured)[number]) =>
    m.frozen || !m.main?.gradient ? null : m.main.gradient.rms;
  const live = measured.filter((m) => rms(m) !== null);
  const largest = live.reduce<(typeof measured)[number] | null>(
    (best, m) => (best === null || rms(m)! > rms(best)! ? m : best),
    null,
  );
  const top = largest ? rms(largest)! : 0;
  const layers: LayerHealth[] = measured.map((m) => {
    const g = rms(m);
    const vanishing = g !== null && live.length > 1 && top > 0 && g <= top * VANISHING_FACTOR;
    const verdict = verdictOf(m.main, m.frozen, vanishing);
    return {
      id: m.id,
      name: m.name,
      frozen: m.frozen,
      tensors: m.tensors,
      gradientRms: g,
      ratio: m.main?.ratio ?? null,
      verdict,
      words: layerWords(verdict, g, m.main?.ratio ?? null, top, largest?.name ?? ''),
    };
  });
  const dead: DeadUnits[] = (input.relus ?? []).map((r) => ({
    id: r.id,
    after: r.after,
    ...deadUnits(r.output),
  }));
  const warnings: HealthWarning[] = [];
  // The exploding first: too large a learning rate also saturates units, whose gradients then
  // vanish — lowering it is the first thing to try then.
  const exploding = layers.filter((l) => l.verdict === 'exploding');
  if (exploding.length > 0) warnings.push(explodingWarning(exploding));
  const vanishing = layers.filter((l) => l.verdict === 'vanishing');
  if (vanishing.length > 0 && largest)
    warnings.push(vanishingWarning(vanishing, largest.name, top, exploding.length > 0));
  const silent = dead.filter((d) => d.units > 0 && d.dead / d.units >= DEAD_RELU_FRACTION);
  if (silent.length > 0) warnings.push(deadWarning(silent));
  return { step: input.step, layers, dead, warnings };
}
