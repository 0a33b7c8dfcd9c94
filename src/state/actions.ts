// Actions on presets, selection, samples and notices: plain functions over the store, testable
// without React. Network edits are in networkActions.ts, parameters in weightActions.ts.

import { getPreset } from '../core/presets';
import { SAMPLE_IMAGES } from '../core/samples';
import { EMPTY_PRESET_ID } from '../core/share/urlCodec';
import { defaultWeightsFor } from '../core/weightsFile/shipped';
import { analyze } from './derived';
import { replace } from './history';
import { EMPTY_NETWORK, useStore, type AppState } from './store';

const set = (patch: Partial<AppState>) => useStore.setState(patch);

/** The id of the blank network in the presets menu. */
export const EMPTY_PRESET = EMPTY_PRESET_ID;

/** The layer a student most likely wants to see first: the first conv, else the first layer. */
export function defaultSelection(state: Pick<AppState, 'network'>): string | null {
  const layers = state.network.layers;
  return (layers.find((l) => l.kind === 'conv2d') ?? layers[0])?.id ?? null;
}

/** Loads a preset (or the empty network) with a fresh undo history. */
export function loadPreset(id: string): boolean {
  if (id === EMPTY_PRESET) {
    replace({
      presetId: EMPTY_PRESET,
      edited: false,
      network: EMPTY_NETWORK,
      fixedWeights: undefined,
      weightsId: null,
      classNames: null,
      fixedInput: undefined,
      inputMode: 'image',
      selectedLayerId: null,
    });
    return true;
  }
  const preset = getPreset(id);
  if (!preset) {
    addNotice(`There is no preset '${id}'. Choose one from the Network menu.`);
    return false;
  }
  const network = preset.network;
  // Your own image stays the input across networks (a drawing can be tried on each), unless the
  // preset brings typed numbers.
  const own = useStore.getState().inputMode === 'own';
  replace({
    presetId: preset.id,
    edited: false,
    network,
    fixedWeights: preset.weights,
    // A preset with shipped trained weights opens trained; the weights menu switches to random.
    weightsId: defaultWeightsFor(preset.id),
    classNames: null,
    fixedInput: preset.input,
    inputMode: preset.input ? 'numeric' : own ? 'own' : 'image',
    selectedLayerId: defaultSelection({ network }),
  });
  return true;
}

/** Back to the preset as it was loaded (or the empty network). */
export function resetNetwork(): void {
  loadPreset(useStore.getState().presetId ?? EMPTY_PRESET);
}

export function selectLayer(id: string | null): void {
  const s = useStore.getState();
  if (id !== null && id !== 'input' && !analyze(s.network).inference.byId.has(id)) return;
  if (id === s.selectedLayerId) return;
  const anim = { ...s.view.anim, step: 0, playing: false };
  set({ selectedLayerId: id, view: { ...s.view, zoomChannel: null, anim } });
}

export function selectSample(id: string): void {
  if (!SAMPLE_IMAGES.some((s) => s.id === id)) {
    addNotice(`There is no sample image '${id}'.`);
    return;
  }
  set({ sampleId: id, example: null });
}

export function addNotice(message: string): void {
  const notices = useStore.getState().notices;
  if (!notices.includes(message)) set({ notices: [...notices, message] });
}

export function dismissNotice(index: number): void {
  set({ notices: useStore.getState().notices.filter((_, i) => i !== index) });
}
