// The network input the compute loop runs on: the sample picture, a dataset example, your own
// image or hand-typed numbers. The last one is kept, keyed by what it is made from, so an edit to
// the layers (the input unchanged) has its input at once: the request reaches the backend inside
// the edit's own event, and the computation overlaps the page's re-render instead of waiting
// behind it and a fetch + decode of the same picture.

import { SAMPLE_IMAGES } from '../core/samples';
import { tensor, type Tensor } from '../core/tensor';
import type { InputSpec } from '../core/layers';
import type { ExampleRef } from '../core/data/catalog';
import { ownInput } from './ownInput';
import type { AppState } from './store';

export type SampleLoader = (file: string, spec: InputSpec) => Promise<Tensor>;
/** A held-out dataset example fitted to the input (core/data/fitExample.ts), with its label. */
export type ExampleLoader = (
  ref: ExampleRef,
  spec: InputSpec,
) => Promise<{ readonly input: Tensor; readonly label: number }>;

export interface Input {
  readonly tensor: Tensor;
  /** The true class of a dataset example, else null. */
  readonly label: number | null;
}

/** What an input is made from: equal keys (element by element) give the same tensor. */
const inputKey = (s: AppState): readonly unknown[] => {
  const { n, c, h, w } = s.network.input;
  return [n, c, h, w, s.inputMode, s.sampleId, s.example, s.fixedInput, s.own, s.preprocess];
};

/** The input made last (or being made), by its key; `ready` once it is made. */
let last: {
  key: readonly unknown[];
  made: Promise<Input>;
  ready: Input | null;
} | null = null;
const sameKey = (a: readonly unknown[], b: readonly unknown[]) => a.every((x, i) => x === b[i]);

/**
 * The input of this state when it is the one made last, else null. The tensor is shared: the
 * backends copy what they send (the CPU worker transfers a copy) and nothing writes into it.
 */
export function cachedInput(s: AppState, loaders: readonly unknown[]): Input | null {
  return last && sameKey(last.key, [...inputKey(s), ...loaders]) ? last.ready : null;
}

/** Makes the input of a state, or joins the making of the same one (a prefetch at start-up). */
export function inputFor(
  state: AppState,
  loadSample: SampleLoader,
  loadExample: ExampleLoader | undefined,
): Promise<Input> {
  const key = [...inputKey(state), loadSample, loadExample];
  if (last && sameKey(last.key, key)) return last.made;
  const entry: NonNullable<typeof last> = {
    key,
    made: makeInput(state, loadSample, loadExample),
    ready: null,
  };
  last = entry;
  entry.made.then(
    (input) => {
      entry.ready = input;
    },
    () => {
      if (last === entry) last = null; // a failed load is tried again next time
    },
  );
  return entry.made;
}

async function makeInput(
  state: AppState,
  loadSample: SampleLoader,
  loadExample: ExampleLoader | undefined,
): Promise<Input> {
  if (state.inputMode === 'image' && state.example && loadExample) {
    const { input, label } = await loadExample(state.example, state.network.input);
    return { tensor: input, label };
  }
  return { tensor: await pictureFor(state, loadSample), label: null };
}

async function pictureFor(state: AppState, loadSample: SampleLoader): Promise<Tensor> {
  const { n, c, h, w } = state.network.input;
  const per = c * h * w;
  if (state.inputMode === 'numeric' && state.fixedInput?.length === per) {
    const data = new Float32Array(n * per);
    for (let i = 0; i < n; i++) data.set(state.fixedInput, i * per);
    return tensor([n, c, h, w], data);
  }
  // Your own image, preprocessed (state/ownInput.ts); a copy, as the backend may transfer it.
  const own = state.inputMode === 'own' ? ownInput(state) : null;
  if (own) {
    const data = new Float32Array(n * per);
    for (let i = 0; i < n; i++) data.set(own.data, i * per);
    return tensor([n, c, h, w], data);
  }
  // A batch holds different images: the chosen one, then the next samples in the list, so
  // batch statistics (batch norm in training mode) pool over really different inputs.
  const first = Math.max(
    0,
    SAMPLE_IMAGES.findIndex((s) => s.id === state.sampleId),
  );
  const one = { ...state.network.input, n: 1 };
  const items = await Promise.all(
    Array.from({ length: n }, (_, i) =>
      loadSample(SAMPLE_IMAGES[(first + i) % SAMPLE_IMAGES.length].file, one),
    ),
  );
  if (n === 1) return items[0];
  const data = new Float32Array(n * per);
  items.forEach((t, i) => data.set(t.data.subarray(0, per), i * per));
  return tensor([n, c, h, w], data);
}
