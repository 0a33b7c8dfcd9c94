// What the student is looking at: the colour-scale mode, the zoomed channel, the summary table,
// and the edit-to-pixels latency measured for the ?debug overlay.

import type { UnitRef } from '../core/unitField';
import { now } from './history';
import { useStore, type AppState, type ColorScaleMode } from './store';

const setView = (patch: Partial<AppState['view']>) =>
  useStore.setState({ view: { ...useStore.getState().view, ...patch } });

const setUi = (patch: Partial<AppState['ui']>) =>
  useStore.setState({ ui: { ...useStore.getState().ui, ...patch } });

export const setColorScale = (mode: ColorScaleMode) => setView({ colorScale: mode });

export const setInspector = (inspector: 'maps' | 'steps') => setView({ inspector });

export const zoomChannel = (channel: number | null) => setView({ zoomChannel: channel });

export const toggleSummary = (open?: boolean) =>
  setView({ summaryOpen: open ?? !useStore.getState().view.summaryOpen });

/** Called once the feature maps of an edit are painted: records edit → pixels. */
export function markPainted(): void {
  const { editAt } = useStore.getState().ui;
  if (editAt === null) return;
  setUi({ editAt: null, latency: now() - editAt });
}

export const sameUnit = (a: UnitRef | null, b: UnitRef | null) =>
  a === b || (!!a && !!b && a.layerId === b.layerId && a.c === b.c && a.y === b.y && a.x === b.x);

/** Pins a unit's receptive field (null clears it); clicking the pinned unit again unpins it. */
export function pinUnit(unit: UnitRef | null): void {
  const current = useStore.getState().view.unit;
  setView({ unit: sameUnit(current, unit) ? null : unit });
}

let pending: ReturnType<typeof setTimeout> | undefined;

/**
 * The unit under the pointer: its field is previewed until the pointer leaves. Applied once the
 * pointer rests for PREVIEW_MS, so sweeping across a deep layer (a ResNet-50 unit's field takes
 * ~170 ms to trace) does not trace every cell on the way.
 */
export function previewUnit(unit: UnitRef | null): void {
  clearTimeout(pending);
  const apply = () => {
    if (!sameUnit(useStore.getState().ui.previewUnit, unit)) setUi({ previewUnit: unit });
  };
  if (unit === null) apply();
  else pending = setTimeout(apply, PREVIEW_MS);
}

export const PREVIEW_MS = 120;

export const setTheme = (theme: 'light' | 'dark') => setView({ theme });

export const toggleTheme = () =>
  setTheme(useStore.getState().view.theme === 'dark' ? 'light' : 'dark');

/** Lecture mode on or off (fullscreen is the browser edge's business, see ui/lecture.ts). */
export const setLecture = (lecture: boolean) => setView({ lecture });

export const toggleShortcuts = (open?: boolean) =>
  setUi({ shortcuts: open ?? !useStore.getState().ui.shortcuts });

/** Batch norm in the feature maps: running statistics (inference) or the batch's (training). */
export function setBatchNormMode(mode: 'inference' | 'training'): void {
  if (mode === 'inference' || mode === 'training') setView({ batchNorm: mode });
}

/** Opens or closes the training studio's panel. */
export function toggleTrain(open?: boolean): void {
  const s = useStore.getState();
  useStore.setState({ ui: { ...s.ui, trainOpen: open ?? !s.ui.trainOpen } });
}

/** Lecture mode: the selected layer's settings in a drawer over the view (E). */
export function toggleLectureSettings(open = !useStore.getState().ui.lectureSettings): void {
  setUi({ lectureSettings: open });
}

/** Lecture mode: hide the header, banner and layer strip, leaving the view alone (H). */
export function toggleBare(bare = !useStore.getState().ui.bare): void {
  setUi({ bare });
}
