// The trained weights shipped with the app (public/weights/), made by the project's own trainer
// (`npm run train:lenet`, `npm run train:tinyvgg`). A network file or a link names them by id
// instead of carrying 60,000 numbers; a preset that has a set opens with it by default.

export interface ShippedWeights {
  /** The name links and files use ('lenet5-mnist'). */
  readonly id: string;
  /** The preset whose network they were trained for. */
  readonly preset: string;
  /** For the weights menu: 'trained on MNIST digits'. */
  readonly title: string;
  /** The dataset they were trained on (core/data). */
  readonly dataset: 'mnist' | 'colors';
  /** The safetensors file and the JSON beside it (accuracy, classes, how they were made). */
  readonly file: string;
  readonly info: string;
}

export const SHIPPED_WEIGHTS: readonly ShippedWeights[] = [
  {
    id: 'lenet5-mnist',
    preset: 'lenet5',
    title: 'trained on MNIST digits',
    dataset: 'mnist',
    file: 'weights/lenet5-mnist.safetensors',
    info: 'weights/lenet5-mnist.json',
  },
  {
    // The transfer-learning demo's starting point: never saw a 5, 6, 7, 8 or 9.
    id: 'lenet5-mnist04',
    preset: 'lenet5',
    title: 'trained on digits 0–4 only',
    dataset: 'mnist',
    file: 'weights/lenet5-mnist04.safetensors',
    info: 'weights/lenet5-mnist04.json',
  },
  {
    id: 'tinyvgg-colors',
    preset: 'tinyvgg',
    title: 'trained on the colour shapes',
    dataset: 'colors',
    file: 'weights/tinyvgg-colors.safetensors',
    info: 'weights/tinyvgg-colors.json',
  },
];

/** The value of `weights=` in a link for an unedited preset shown with random weights. */
export const RANDOM_WEIGHTS = 'random';

export const shippedWeights = (id: string): ShippedWeights | undefined =>
  SHIPPED_WEIGHTS.find((w) => w.id === id);

/** The weights a preset opens with: its trained set when it has one, else none (random). */
export const defaultWeightsFor = (presetId: string | null): string | null =>
  SHIPPED_WEIGHTS.find((w) => w.preset === presetId)?.id ?? null;

/** What the JSON beside a weights file says (the fields the app reads). */
export interface ShippedInfo {
  readonly classes: readonly string[];
  /** Accuracy on the held-out examples, in [0, 1]. */
  readonly testAccuracy: number;
  readonly testExamples: number;
  /** How an input is prepared for this network, in words. */
  readonly input: string;
}

/** The JSON beside a weights file, checked; null when it is not what the app wrote. */
export function parseShippedInfo(json: unknown): ShippedInfo | null {
  if (typeof json !== 'object' || json === null) return null;
  const r = json as Record<string, unknown>;
  const classes = r.classes;
  if (
    !Array.isArray(classes) ||
    classes.length === 0 ||
    classes.length > 10_000 ||
    !classes.every((c) => typeof c === 'string' && c.length <= 80)
  )
    return null;
  const acc = typeof r.testAccuracy === 'number' ? r.testAccuracy : NaN;
  if (!(acc >= 0 && acc <= 1)) return null;
  return {
    classes,
    testAccuracy: acc,
    testExamples: typeof r.testExamples === 'number' ? r.testExamples : 0,
    input: typeof r.input === 'string' ? r.input.slice(0, 300) : '',
  };
}
