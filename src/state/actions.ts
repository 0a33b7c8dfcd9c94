// Actions: plain functions over the store, testable without React.

import { getPreset } from '../core/presets';
import { SAMPLE_IMAGES } from '../core/samples';
import { useStore, type AppState } from './store';
import { analyze } from './derived';

const set = (patch: Partial<AppState>) => useStore.setState(patch);

/** The layer a student most likely wants to see first: the first conv, else the first layer. */
export function defaultSelection(state: Pick<AppState, 'network'>): string | null {
  const layers = state.network.layers;
  return (layers.find((l) => l.kind === 'conv2d') ?? layers[0])?.id ?? null;
}

export function loadPreset(id: string): boolean {
  const preset = getPreset(id);
  if (!preset) {
    addNotice(`There is no preset '${id}'. Choose one from the Network menu.`);
    return false;
  }
  const network = preset.network;
  set({
    presetId: preset.id,
    network,
    fixedWeights: preset.weights,
    fixedInput: preset.input,
    selectedLayerId: defaultSelection({ network }),
  });
  return true;
}

export function selectLayer(id: string | null): void {
  if (id !== null && !analyze(useStore.getState().network).inference.byId.has(id)) return;
  set({ selectedLayerId: id });
}

export function selectSample(id: string): void {
  if (!SAMPLE_IMAGES.some((s) => s.id === id)) {
    addNotice(`There is no sample image '${id}'.`);
    return;
  }
  set({ sampleId: id });
}

export function addNotice(message: string): void {
  const notices = useStore.getState().notices;
  if (!notices.includes(message)) set({ notices: [...notices, message] });
}

export function dismissNotice(index: number): void {
  set({ notices: useStore.getState().notices.filter((_, i) => i !== index) });
}
