// Keeps the feature maps current: whenever the network, the input or the selected layer changes,
// ask the backend for the selected layer's activations (and everything it depends on).
// The newest request wins: it cancels the one before (the CPU worker stops it between layers),
// and an older answer arriving late is dropped. A long computation reports which layer it is on;
// cancelCompute() stops it. Requests carry a generation that moves whenever anything the
// activations depend on changes, so the backend reuses activations exactly when it may.

import type { Tensor } from '../core/tensor';
import { INPUT_ID } from '../core/layers';
import { isCancelled, type Backend, type BackendStatus } from '../backend/backend';
import { analyze } from './derived';
import {
  cachedInput,
  inputFor,
  type ExampleLoader,
  type Input,
  type SampleLoader,
} from './computeInput';
import { predict } from './predict';
import { effectiveWeights, weightsEntry } from './shippedWeights';
import { useStore, type AppState } from './store';

export type { ExampleLoader, SampleLoader } from './computeInput';

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

let current: AbortController | null = null;
let retry: (() => void) | null = null;

/** Computes what is on screen again (after a cancel). */
export function recompute(): void {
  retry?.();
}

/** Stops the running computation (the Cancel button); the last maps stay on screen. */
export function cancelCompute(): void {
  if (!current || useStore.getState().compute.status !== 'running') return;
  current.abort();
  useStore.setState({
    compute: { ...useStore.getState().compute, status: 'cancelled', progress: null },
  });
}

/** What the activations depend on (not which layer is shown): a change starts a new generation. */
const dataInputs = (s: AppState): readonly unknown[] => [
  s.network,
  s.sampleId,
  s.example,
  s.seed,
  s.fixedInput,
  s.inputMode,
  s.own,
  s.preprocess,
  s.fixedWeights,
  s.weightsId,
  s.weightsId ? s.shipped[s.weightsId] : undefined,
  s.training.live,
  s.view.batchNorm,
];

/** What the activations depended on when the prediction was asked for (the panel's button). */
let predictionAsked: readonly unknown[] | null = null;

/** Computes the prediction of a network too big for it to run on every change (a button). */
export function requestPrediction(): void {
  predictionAsked = dataInputs(useStore.getState());
  recompute();
}

/**
 * Resolves once the maps just stored are on screen (main.tsx: after the next frame). The
 * prediction waits for it: its forward pass (the rest of the network) would otherwise compete
 * with the painting of the maps for the CPU. Without a screen, at once.
 */
export type Settle = () => Promise<void>;

export function startCompute(
  backend: Backend,
  loadSample: SampleLoader,
  loadExample?: ExampleLoader,
  settle: Settle = () => Promise.resolve(),
): () => void {
  let generation = 0;
  let dataGeneration = 0;
  const showStatus = (s: BackendStatus) =>
    useStore.setState({
      backend: { kind: s.kind, notice: s.notice, device: s.device, why: s.why },
    });
  showStatus(backend.status());

  const run = async (state: AppState) => {
    const gen = ++generation;
    current?.abort();
    const control = new AbortController();
    current = control;
    const { inference, cost } = analyze(state.network);
    const target = state.selectedLayerId;
    const setCompute = (patch: Partial<AppState['compute']>) => {
      if (gen === generation)
        useStore.setState({ compute: { ...useStore.getState().compute, ...patch } });
    };
    if (inference.inputError) {
      setCompute({
        status: 'error',
        message: inference.inputError.message,
        activations: new Map(),
        input: null,
      });
      return;
    }
    const layer = target && target !== INPUT_ID ? inference.byId.get(target) : undefined;
    if (layer && layer.status !== 'ok') {
      setCompute({
        status: 'error',
        message: `'${layer.id}' cannot be computed until it is fixed`,
      });
      return;
    }
    // Shipped weights still on their way: wait (their arrival is a new generation); failed: say so.
    const weights = weightsEntry(state);
    if (weights?.status === 'error') {
      setCompute({ status: 'error', message: weights.message, progress: null });
      return;
    }
    setCompute({ status: 'running', message: null, startedAt: performance.now(), progress: null });
    if (weights?.status === 'loading') {
      // Meanwhile the input: the weights' arrival then finds it made (cachedInput) and the
      // forward pass starts at once; a failure is met again, and said, when the weights are in.
      inputFor(state, loadSample, loadExample).catch(() => undefined);
      return;
    }
    // The input made last (an edit to the layers) goes out at once, inside the edit's event: the
    // backend computes while the page re-renders. A new input is loaded first.
    const ready = cachedInput(state, [loadSample, loadExample]);
    if (ready) return forward(ready);
    try {
      const loaded = await inputFor(state, loadSample, loadExample);
      if (gen !== generation) return;
      return forward(loaded);
    } catch (e) {
      setCompute({ status: 'error', message: message(e), progress: null });
    }

    async function forward({ tensor: input, label }: Input) {
      setCompute({ label });
      const request = {
        generation: dataGeneration,
        network: state.network,
        input,
        seed: state.seed,
        fixedWeights: effectiveWeights(state),
        upTo: target ?? undefined,
        batchNormMode: state.view.batchNorm,
        // The views draw the selected layer: only it comes back from the GPU, unless the colour
        // scale is global, which needs every layer up to it.
        // Its inputs come back too: the step-by-step view slides over them.
        readback:
          target && layer && state.view.colorScale !== 'global'
            ? [target, ...layer.inputs.filter((i) => i !== INPUT_ID)]
            : undefined,
      };
      try {
        // The input itself (or an empty network): nothing to run for the maps.
        const result =
          target === INPUT_ID || state.network.layers.length === 0
            ? { activations: new Map<string, Tensor>(), millis: 0 }
            : await backend.forward(request, {
                signal: control.signal,
                onProgress: (progress) => setCompute({ progress }),
              });
        setCompute({
          status: 'done',
          activations: result.activations,
          input,
          millis: result.millis,
          message: null,
          progress: null,
        });
        // Then the prediction: the classifier's output, reusing this generation's activations,
        // once the maps are painted.
        await settle();
        if (control.signal.aborted) return;
        await predict(backend, request, result.activations, inference, cost.macs, {
          asked: predictionAsked?.every((x, i) => x === dataInputs(state)[i]) ?? false,
          signal: control.signal,
          set: setCompute,
        });
      } catch (e) {
        if (isCancelled(e)) return; // a newer request, or the Cancel button, took over
        setCompute({ status: 'error', message: message(e), progress: null });
      }
    }
  };

  let last: AppState | null = null;
  const dataChanged = (s: AppState) => {
    if (!last) return true;
    const a = dataInputs(s);
    const b = dataInputs(last);
    return a.some((x, i) => x !== b[i]);
  };
  const changed = (s: AppState) =>
    !last ||
    dataChanged(s) ||
    (s.view.colorScale === 'global') !== (last.view.colorScale === 'global') ||
    s.selectedLayerId !== last.selectedLayerId;
  const onState = (s: AppState) => {
    if (!changed(s)) return;
    if (dataChanged(s)) dataGeneration++;
    last = s;
    void run(s);
  };
  onState(useStore.getState());
  const unsubscribe = useStore.subscribe(onState);
  // A recovered or replaced device: show the new status and recompute what is on screen.
  const offBackend = backend.onChange((s) => {
    showStatus(s);
    last = null;
    onState(useStore.getState());
  });
  // Retry after a cancel: the same screen, computed again.
  retry = () => {
    last = null;
    onState(useStore.getState());
  };
  return () => {
    unsubscribe();
    offBackend();
    backend.dispose();
  };
}
