// Module-scope selectors: components subscribe to exactly what they draw.

import { effectiveWeights } from '../state/shippedWeights';
import { ownInput } from '../state/ownInput';
import type { AppState } from '../state/store';
import { analyze } from '../state/derived';
import { datasetInfo } from '../core/data/catalog';
import { defaultWeightsFor } from '../core/weightsFile/shipped';

export const selectNetwork = (s: AppState) => s.network;
export const selectPresetId = (s: AppState) => s.presetId;
export const selectEdited = (s: AppState) => s.edited;
export const selectHistory = (s: AppState) => s.history;
export const selectSelectedLayer = (s: AppState) => s.selectedLayerId;
export const selectSampleId = (s: AppState) => s.sampleId;
export const selectExampleRef = (s: AppState) => s.example;
export const selectCompute = (s: AppState) => s.compute;
export const selectPrediction = (s: AppState) => s.compute.prediction;
export const selectTrueLabel = (s: AppState) => s.compute.label;
export const selectNotices = (s: AppState) => s.notices;
export const selectBackend = (s: AppState) => s.backend;
export const selectFixedInput = (s: AppState) => s.fixedInput;
export const selectInputMode = (s: AppState) => s.inputMode;
export const selectSeed = (s: AppState) => s.seed;
export const selectWeightsId = (s: AppState) => s.weightsId;
/** The parameters the views compute with: shipped weights under the student's edits. */
export const selectFixedWeights = effectiveWeights;
export const selectView = (s: AppState) => s.view;
export const selectSummaryOpen = (s: AppState) => s.view.summaryOpen;
export const selectBatchNormMode = (s: AppState) => s.view.batchNorm;
export const selectColorScale = (s: AppState) => s.view.colorScale;
export const selectZoomChannel = (s: AppState) => s.view.zoomChannel;
export const selectLatency = (s: AppState) => s.ui.latency;
export const selectInspector = (s: AppState) => s.view.inspector;
export const selectUnit = (s: AppState) => s.view.unit;
export const selectPreviewUnit = (s: AppState) => s.ui.previewUnit;
export const selectAnim = (s: AppState) => s.view.anim;
export const selectTheme = (s: AppState) => s.view.theme;
export const selectLecture = (s: AppState) => s.view.lecture;
export const selectShortcuts = (s: AppState) => s.ui.shortcuts;
export const selectEmbed = (s: AppState) => s.view.embed;
export const selectOwn = (s: AppState) => s.own;
export const selectPreprocess = (s: AppState) => s.preprocess;
export const selectOwnInput = (s: AppState) => (s.inputMode === 'own' ? ownInput(s) : null);
export const selectTrainOpen = (s: AppState) => s.ui.trainOpen;

/**
 * Class names from the network's shipped weights (or, with random weights, its preset's trained
 * set, once fetched) when they name as many classes; else the panel numbers them.
 */
export function selectClassNames(s: AppState): readonly string[] | null {
  // Named by the training that made the head (a fine-tune, the student's classes).
  if (s.classNames) return s.classNames;
  const id = s.weightsId ?? defaultWeightsFor(s.presetId);
  const entry = id ? s.shipped[id] : undefined;
  if (entry?.status === 'ready') return entry.info.classes;
  // A dataset example: its dataset's classes (the panel checks that the counts agree).
  return s.inputMode === 'image' && s.example
    ? (datasetInfo(s.example.dataset)?.classes ?? null)
    : null;
}

export const selectWhyOpen = (s: AppState) => s.explain.open;

/** The input channels of the selected layer (what the step view lays side by side). */
export const selectInputChannels = (s: AppState): number => {
  const { inference } = analyze(s.network);
  const ls = s.selectedLayerId ? inference.byId.get(s.selectedLayerId) : undefined;
  const from = ls?.status === 'ok' ? ls.inputs[0] : undefined;
  const src = from ? inference.byId.get(from) : undefined;
  if (src?.status === 'ok') return src.shape[1] ?? 1;
  return s.network.input.c;
};

export const selectLessonsOpen = (s: AppState) => s.lessons.open;
export const selectLessons = (s: AppState) => s.lessons;
