// Undo/redo over snapshots of what the student built. Every edit goes through `commit`, which
// records the state before it; a run of edits sharing a key (one slider drag, one number typed
// digit by digit) within a second folds into one step.

import { useStore, type AppState, type Snapshot } from './store';

const LIMIT = 200;
const FOLD_MS = 1000;

export function snapshot(s: AppState): Snapshot {
  return {
    presetId: s.presetId,
    edited: s.edited,
    network: s.network,
    seed: s.seed,
    fixedWeights: s.fixedWeights,
    weightsId: s.weightsId,
    frozen: s.frozen,
    classNames: s.classNames,
    inputMode: s.inputMode,
    preprocess: s.preprocess,
    fixedInput: s.fixedInput,
    selectedLayerId: s.selectedLayerId,
  };
}

export const now = (): number =>
  typeof performance !== 'undefined' ? performance.now() : Date.now();

/** Applies an edit and records the state before it; `key` folds a run of the same edit. */
export function commit(patch: Partial<Snapshot>, key: string | null = null): void {
  const s = useStore.getState();
  const t = now();
  const fold = key !== null && key === s.history.lastKey && t - s.history.lastAt < FOLD_MS;
  const past = fold ? s.history.past : [...s.history.past, snapshot(s)].slice(-LIMIT);
  useStore.setState({
    edited: true,
    ...patch,
    history: { past, future: [], lastKey: key, lastAt: t },
    ui: { ...s.ui, editAt: t },
  });
}

/** Replaces what was built without an undo step (loading a preset starts a fresh history). */
export function replace(patch: Partial<Snapshot>): void {
  const s = useStore.getState();
  useStore.setState({
    ...patch,
    history: { past: [], future: [], lastKey: null, lastAt: 0 },
    view: {
      ...s.view,
      zoomChannel: null,
      unit: null,
      anim: { ...s.view.anim, step: 0, playing: false },
    },
    ui: { ...s.ui, editAt: now() },
  });
}

/** Moves one step through the history: restores `target` and files the present on the other side. */
function travel(target: Snapshot | undefined, past: Snapshot[], future: Snapshot[]): boolean {
  if (!target) return false;
  const s = useStore.getState();
  useStore.setState({
    ...target,
    history: { past, future, lastKey: null, lastAt: 0 },
    ui: { ...s.ui, editAt: now() },
  });
  return true;
}

export function undo(): boolean {
  const { history: h, ...s } = useStore.getState();
  return travel(h.past.at(-1), h.past.slice(0, -1), [snapshot({ ...s, history: h }), ...h.future]);
}

export function redo(): boolean {
  const { history: h, ...s } = useStore.getState();
  return travel(h.future[0], [...h.past, snapshot({ ...s, history: h })], h.future.slice(1));
}

/** Ends a run of folded edits (a field loses focus, a drag ends): the next edit is a new step. */
export function sealHistory(): void {
  const s = useStore.getState();
  if (s.history.lastKey !== null) useStore.setState({ history: { ...s.history, lastKey: null } });
}
