// Module-scope selectors: components subscribe to exactly what they draw.

import type { AppState } from '../state/store';

export const selectNetwork = (s: AppState) => s.network;
export const selectPresetId = (s: AppState) => s.presetId;
export const selectSelectedLayer = (s: AppState) => s.selectedLayerId;
export const selectSampleId = (s: AppState) => s.sampleId;
export const selectCompute = (s: AppState) => s.compute;
export const selectNotices = (s: AppState) => s.notices;
export const selectBackend = (s: AppState) => s.backend;
export const selectFixedInput = (s: AppState) => s.fixedInput;
