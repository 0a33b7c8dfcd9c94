// The health check in words a student can act on: a few words per layer for the list, and one
// sentence per kind of trouble (vanishing, exploding, dead ReLUs) for the warning above it.

import type { DeadUnits, HealthWarning, LayerHealth, Verdict } from './health';
import { EXPLODING_RATIO, HEALTHY_RATIO } from './healthThresholds';

/** ~1e-9: the order of magnitude only (what the check is about). */
export const magnitude = (v: number): string => (v === 0 ? '0' : `~${v.toExponential(0)}`);

/** 12,345 → "12,000": two significant digits, grouped. */
export const times = (v: number): string =>
  Number.isFinite(v) ? Number(v.toPrecision(2)).toLocaleString('en-US') : '∞';

/** "10,000× smaller"; past a million, "22 orders of magnitude smaller" (no wall of zeros). */
export const smaller = (ratio: number): string =>
  ratio >= 1e6 && Number.isFinite(ratio)
    ? `${Math.round(Math.log10(ratio))} orders of magnitude smaller`
    : `${times(ratio)}× smaller`;

/** 0.3 → "30%", 0.0031 → "0.31%". */
export const percent = (ratio: number): string =>
  Number.isFinite(ratio) ? `${Number((ratio * 100).toPrecision(2))}%` : '∞%';

const TYPICAL = `≈${percent(HEALTHY_RATIO)} is typical`;

/** An exploding verdict for too large an update (else: values that are no longer finite). */
const tooLarge = (ratio: number | null): ratio is number =>
  ratio !== null && Number.isFinite(ratio) && ratio >= EXPLODING_RATIO;

const list = (names: readonly string[]): string =>
  names.length <= 1
    ? (names[0] ?? '')
    : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;

/** A few words for one layer of the list. */
export function layerWords(
  verdict: Verdict,
  gradientRms: number | null,
  ratio: number | null,
  largestRms: number,
  largestName: string,
): string {
  const r = ratio === null ? 'no update ratio (the weights were 0)' : percent(ratio);
  switch (verdict) {
    case 'frozen':
      return 'locked: no gradient, not updated';
    case 'exploding':
      return tooLarge(ratio)
        ? `too large: updates are ${r} of the weights per step`
        : 'exploding: gradients or weights are not finite numbers';
    case 'vanishing':
      return gradientRms === 0
        ? `vanishing: no gradient reaches it (0, against ${magnitude(largestRms)} in ${largestName})`
        : `vanishing: gradients ${magnitude(gradientRms!)}, ${smaller(largestRms / gradientRms!)} than in ${largestName}`;
    case 'fast':
      return `large updates: ${r} of the weights per step (${TYPICAL})`;
    case 'slow':
      return `learning slowly: updates are ${r} of the weights per step (${TYPICAL})`;
    case 'ok':
      return `healthy: updates are ${r} of the weights per step`;
  }
}

/** "Gradients in conv1 are ~1e-9, 10,000× smaller than in fc3: …" */
export function vanishingWarning(
  layers: readonly LayerHealth[],
  largestName: string,
  largestRms: number,
  alsoExploding = false,
): HealthWarning {
  const worst = layers.reduce((a, b) => (b.gradientRms! < a.gradientRms! ? b : a));
  const others = layers.filter((l) => l !== worst).map((l) => l.name);
  const size =
    worst.gradientRms === 0
      ? `0 — no gradient reaches it at all`
      : `${magnitude(worst.gradientRms!)}, ${smaller(largestRms / worst.gradientRms!)} than in ${largestName}`;
  const also = others.length ? ` (${list(others)} too)` : '';
  return {
    kind: 'vanishing',
    layers: layers.map((l) => l.id),
    text:
      `Vanishing gradients: gradients in ${worst.name} are ${size}${also}. Those layers barely ` +
      (alsoExploding
        ? `learn — with updates this large their units are likely saturated: lower the learning rate first.`
        : `learn — try ReLU instead of sigmoid or tanh, batch normalization, or a larger learning rate.`),
  };
}

/** "Updates in conv1 are 30% of the weights per step: lower the learning rate." */
export function explodingWarning(layers: readonly LayerHealth[]): HealthWarning {
  const large = layers.filter((l) => tooLarge(l.ratio));
  const broken = layers.filter((l) => !tooLarge(l.ratio)).map((l) => l.name);
  const worst = large.length ? large.reduce((a, b) => (b.ratio! > a.ratio! ? b : a)) : null;
  const others = large.filter((l) => l !== worst).map((l) => l.name);
  const what = [
    ...(worst
      ? [
          `updates in ${worst.name} are ${percent(worst.ratio!)} of the weights per step` +
            (others.length ? ` (${list(others)} too)` : '') +
            `, where ${percent(HEALTHY_RATIO)} is typical`,
        ]
      : []),
    ...(broken.length
      ? [`the gradients or weights of ${list(broken)} are no longer finite numbers (NaN or ∞)`]
      : []),
  ].join(', and ');
  return {
    kind: 'exploding',
    layers: layers.map((l) => l.id),
    text:
      `Exploding updates: ${what}. The learning rate ` +
      `is too high — lower it (about 10×), or clip the gradients.`,
  };
}

/** "45% of the units after C1 never fired on the last batch: …" */
export function deadWarning(layers: readonly DeadUnits[]): HealthWarning {
  const worst = layers.reduce((a, b) => (b.dead / b.units > a.dead / a.units ? b : a));
  const others = layers.filter((d) => d !== worst).map((d) => d.after);
  const also = others.length ? ` (and after ${list(others)})` : '';
  return {
    kind: 'dead',
    layers: layers.map((d) => d.id),
    text:
      `Dead ReLUs: ${worst.dead} of ${worst.units} units after ${worst.after} ` +
      `(${percent(worst.dead / worst.units)}) never fired on the last batch${also}. A dead unit ` +
      `gets no gradient and stops learning — lower the learning rate, or try Leaky ReLU.`,
  };
}
