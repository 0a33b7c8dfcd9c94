// The training studio's actions: settings, Train / Pause / one step / Stop, and the run's events
// into the store. While a run is on, its parameter snapshots are `training.live`, which every
// view and the compute loop use (state/shippedWeights.ts effectiveWeights), so filters, feature
// maps and the prediction change as the network learns. When it ends, the parameters become the
// network's hand-set weights in one undo step. The session itself (a worker on the CPU, the page's
// GPU) is the backend's; the MNIST bytes and the GPU device come from the page (configureTraining).

import { capturedRefusal } from '../core/data/captured';
import { classifierOutput } from '../core/prediction';
import type { FixedWeights } from '../core/presets/preset';
import { optimizer } from '../core/train/optim';
import { trainSettingsRefusal, type TrainSettings } from '../core/train/settings';
import type { LayerParams } from '../core/weights';
import {
  startSession,
  type Session,
  type SessionEvent,
  type SessionSpec,
} from '../backend/train/session';
import { heldOutConfusion } from '../backend/train/heldOutConfusion';
import type { Dataset } from '../core/data/dataset';
import {
  trainClassNames,
  trainDataChoice,
  trainDataTitle,
  type TrainDataChoice,
} from '../core/train/trainData';
import { capturedOf } from './capturedActions';
import { addNotice } from './actions';
import { currentParams } from './currentParams';
import { analyze } from './derived';
import { commit } from './history';
import { currentDocument } from './urlState';
import { useStore, type AppState, type TrainPoint } from './store';
import { snapshotEvery, trainingDeps } from './trainDeps';

/** Curve points kept (older ones are thinned, so a long run stays light to draw). */
const MAX_POINTS = 2000;

let session: Session | null = null;
/** The comparison run from scratch, while it goes. */
let scratchRun: Session | null = null;
/** The spec of the last run started (the comparison repeats it from scratch). */
let lastSpec: SessionSpec | null = null;
/** Whether the run going now is followed by the same from scratch. */
let compareNext = false;

export { configureTraining, setLiveViews, type TrainingDeps } from './trainDeps';
export { hasParams, toggleFrozen } from './freezeActions';

type Training = AppState['training'];
const setTraining = (patch: Partial<Training>) =>
  useStore.setState({ training: { ...useStore.getState().training, ...patch } });

/** Changes training settings (not during a run); returns why not, or null. */
export function setTrainSettings(patch: Partial<TrainSettings>): string | null {
  const why = trainSettingsRefusal(patch);
  if (why) return why;
  const t = useStore.getState().training;
  setTraining({ settings: { ...t.settings, ...patch } });
  return null;
}

export const toFixed = (
  params: Readonly<Record<string, LayerParams>>,
): Record<string, FixedWeights> =>
  Object.fromEntries(
    Object.entries(params).map(([id, p]) => [
      id,
      Object.fromEntries(Object.entries(p).map(([k, a]) => [k, Array.from(a as Float32Array)])),
    ]),
  );

/** Every other point once the curve is full: the shape stays, the cost does not grow. */
const appendPoint = (curve: readonly TrainPoint[], p: TrainPoint): TrainPoint[] =>
  curve.length < MAX_POINTS ? [...curve, p] : [...curve.filter((_, i) => i % 2 === 0), p];

const MAX_FRAMES = 200;

/** The first conv layer's filters at this snapshot, added to the filmstrip. */
function addFrame(
  film: Training['film'],
  step: number,
  params: Readonly<Record<string, LayerParams>>,
): Training['film'] {
  const s = useStore.getState();
  const id = film?.layerId ?? s.network.layers.find((l) => l.kind === 'conv2d')?.id;
  const weight = id ? params[id]?.weight : undefined;
  if (!id || !weight) return film;
  const steps = film ? [...film.steps] : [];
  const frames = film ? [...film.frames] : [];
  if (steps.at(-1) === step) return film;
  steps.push(step);
  frames.push(weight.slice());
  if (frames.length > MAX_FRAMES) {
    const keep = (_: unknown, i: number) => i % 2 === 0 || i === frames.length - 1;
    return { layerId: id, steps: steps.filter(keep), frames: frames.filter(keep) };
  }
  return { layerId: id, steps, frames };
}

/** What the studio's settings ask to train on (the captured pictures for 'own'). */
export const dataChoice = (s: AppState = useStore.getState()): TrainDataChoice =>
  trainDataChoice(s.training.settings, capturedOf(s));

const sentence = (why: string) => why.replace(/\.$/, '');

/** Why the network cannot train on the chosen dataset, in words, or null. */
export function trainingRefusal(s: AppState = useStore.getState()): string | null {
  const { inference } = analyze(s.network);
  if (!inference.valid) return 'the network has a problem to fix first (see the red card)';
  const choice = dataChoice(s);
  if (choice.id === 'own') {
    if (!choice.own)
      return 'your classes have no pictures yet: show an input, then "+ Add the input" under a class';
    const why = capturedRefusal(choice.own);
    if (why) return sentence(why);
    const { c, h, w } = s.network.input;
    if (choice.own.shape.join() !== [c, h, w].join())
      return `your pictures are ${choice.own.shape.join('×')} and the network takes ${c}×${h}×${w}: set the input back, or remove them and capture again`;
  }
  const out = classifierOutput(inference);
  const classes = trainClassNames(choice).length;
  if (!out)
    return `the network must end in ${classes} class scores (a linear layer with ${classes} outputs, optionally a softmax)`;
  if (out.classes !== classes)
    return `the last layer has ${out.classes} outputs; ${trainDataTitle(choice)} has ${classes} classes — set it to ${classes}, or use "Replace the head"`;
  return null;
}

function onEvent(e: SessionEvent): void {
  const t = useStore.getState().training;
  switch (e.type) {
    case 'step':
      setTraining({
        status: t.status === 'starting' ? 'running' : t.status,
        step: e.step,
        epoch: e.epoch,
        examplesPerSecond: e.examplesPerSecond,
        curve:
          e.loss === null
            ? t.curve
            : appendPoint(t.curve, { step: e.step, loss: e.loss, accuracy: e.accuracy }),
      });
      return;
    case 'eval':
      setTraining({
        evals: [...t.evals, { step: e.step, loss: e.loss, accuracy: e.accuracy }],
      });
      return;
    case 'params':
      setTraining({ live: toFixed(e.params), film: addFrame(t.film, e.step, e.params) });
      return;
    case 'health':
      setTraining({ health: e.report });
      return;
    case 'paused':
      setTraining({ status: 'paused', step: e.step });
      return;
    case 'resumed':
      setTraining({ status: 'running' });
      return;
    case 'recovered':
      setTraining({ message: e.message });
      return;
    case 'done':
      return; // the session's `finished` promise ends the run (with the last parameters)
  }
}

/** Starts a run from the parameters on screen; returns why not, or null. */
export async function startTraining(
  opts: { readonly compareScratch?: boolean } = {},
): Promise<string | null> {
  const s = useStore.getState();
  if (session) return 'a run is already going: pause or stop it first';
  if (!trainingDeps()) return 'training is not available on this page';
  const why = trainingRefusal(s);
  if (why) {
    setTraining({ message: `Cannot train: ${why}.` });
    return why;
  }
  let params: Record<string, LayerParams>;
  try {
    params = currentParams(s);
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
  const st = s.training.settings;
  const choice = dataChoice(s);
  compareNext = opts.compareScratch === true;
  const engine = s.backend.kind === 'gpu' && trainingDeps()!.gpu ? 'gpu' : 'cpu';
  setTraining({
    status: 'starting',
    step: 0,
    epoch: 0,
    curve: [],
    evals: [],
    film: null,
    compare: null,
    health: null,
    message: null,
    engine,
    examplesPerSecond: 0,
  });
  try {
    const mnistBytes = st.dataset === 'mnist' ? await trainingDeps()!.mnistBytes() : undefined;
    lastSpec = {
      network: s.network,
      params,
      frozen: s.frozen.filter((id) => params[id] !== undefined),
      dataset: { ...choice, mnistBytes },
      optimizer: optimizerOf(st),
      learningRate: st.learningRate,
      batchSize: st.batchSize,
      epochs: st.epochs,
      seed: st.seed,
      augment: st.augment,
      evalEvery: 50,
      snapshotEvery: snapshotEvery(),
      engine,
    };
    session = startSession(lastSpec, { gpu: trainingDeps()!.gpu });
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    setTraining({ status: 'failed', message: `Cannot train: ${message}` });
    return message;
  }
  const run = session;
  run.on(onEvent);
  void run.finished.then(
    ({ reason, message, params: last }) => finish(reason, message ?? null, last),
    (e: unknown) => finish('failed', e instanceof Error ? e.message : String(e), null),
  );
  return null;
}

/** The run ended: its parameters become the network's (one undo step), the views go back. */
function finish(
  reason: string,
  message: string | null,
  params: Readonly<Record<string, LayerParams>> | null,
): void {
  session = null;
  const t = useStore.getState().training;
  const spec = lastSpec;
  if (params && t.step > 0) {
    const names = spec ? trainClassNames(spec.dataset) : null;
    commit(
      { fixedWeights: toFixed(params), weightsId: null, classNames: names?.length ? names : null },
      null,
    );
    trainingDeps()
      ?.save?.(currentDocument())
      .catch((e: unknown) =>
        addNotice(
          `The trained weights could not be kept for a reload (${e instanceof Error ? e.message : e}); Export → Network (JSON) keeps them.`,
        ),
      );
    if (reason !== 'failed')
      addNotice(
        `Trained ${t.step} steps: the network now has the learnt weights (Undo goes back to the ones before).`,
      );
  }
  setTraining({ status: reason === 'failed' ? 'failed' : 'done', live: null, message });
  if (compareNext && spec && reason !== 'failed' && t.step > 0) void trainFromScratch(spec, t.step);
  compareNext = false;
}

/**
 * Transfer learning's comparison: the network of `tuned` from fresh random weights, nothing
 * frozen, on the same examples with the same settings for the same number of steps. It runs
 * after the fine-tune without live views and changes nothing on screen but its curve.
 */
async function trainFromScratch(tuned: SessionSpec, steps: number): Promise<void> {
  const s = useStore.getState();
  const tunedPoints = s.training.evals;
  setTraining({ compare: { status: 'running', tuned: tunedPoints, scratch: [], message: null } });
  let params: Record<string, LayerParams>;
  try {
    params = currentParams({
      ...s,
      network: tuned.network,
      fixedWeights: undefined,
      weightsId: null,
    });
  } catch (e) {
    setTraining({
      compare: { status: 'failed', tuned: tunedPoints, scratch: [], message: String(e) },
    });
    return;
  }
  const spec: SessionSpec = { ...tuned, params, frozen: [], snapshotEvery: 0 };
  const run = startSession(spec, { gpu: trainingDeps()?.gpu });
  scratchRun = run;
  let done = 0;
  const scratch: TrainPoint[] = [];
  const update = (patch: Partial<NonNullable<Training['compare']>>) => {
    const c = useStore.getState().training.compare;
    if (c) setTraining({ compare: { ...c, ...patch } });
  };
  run.on((e) => {
    if (e.type === 'step') {
      done = e.step;
      if (done >= steps) run.stop();
    } else if (e.type === 'eval') {
      scratch.push({ step: e.step, loss: e.loss, accuracy: e.accuracy });
      update({ scratch: [...scratch] });
    }
  });
  try {
    const r = await run.finished;
    update({ status: r.reason === 'failed' ? 'failed' : 'done', message: r.message ?? null });
  } catch (e) {
    update({ status: 'failed', message: e instanceof Error ? e.message : String(e) });
  } finally {
    if (scratchRun === run) scratchRun = null;
  }
}

const optimizerOf = (st: TrainSettings) =>
  st.optimizer === 'adam'
    ? optimizer('adam', { lr: st.learningRate, weightDecay: st.weightDecay })
    : optimizer('sgd', { lr: st.learningRate, momentum: 0.9, weightDecay: st.weightDecay });

export const pauseTraining = () => session?.pause();
export const resumeTraining = () => session?.resume();
export const stepTraining = () => session?.stepOnce();
export const stopTraining = () => {
  session?.stop();
  scratchRun?.stop();
};
export const isTraining = () => session !== null;

let confusionRun: AbortController | null = null;

/**
 * The confusion matrix of the network's current weights over `data` (the chosen dataset's
 * held-out examples, which the page loads); returns why not, or null.
 */
export async function computeConfusion(
  choice: TrainDataChoice,
  data: Dataset,
  limit?: number,
): Promise<string | null> {
  confusionRun?.abort();
  const control = new AbortController();
  confusionRun = control;
  try {
    const s = useStore.getState();
    const c = await heldOutConfusion(s.network, currentParams(s), data, {
      limit,
      signal: control.signal,
    });
    if (confusionRun === control) setTraining({ confusion: c, confusionOf: choice });
    return null;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

/**
 * Starts over: every layer back to its seeded random weights (hand-set and trained ones go; one
 * undo step brings them back). Not during a run.
 */
export function resetTrainedWeights(): string | null {
  if (session) return 'stop the run first';
  commit({ fixedWeights: undefined, weightsId: null, classNames: null });
  setTraining({
    curve: [],
    evals: [],
    film: null,
    confusion: null,
    compare: null,
    health: null,
    step: 0,
    epoch: 0,
    status: 'idle',
    message: null,
  });
  addNotice('Weights reset to random (seeded); Undo brings the previous ones back.');
  return null;
}

/** Whether a layer has parameters a lock can freeze. */
