// The store ↔ a link. captureShare() reads what is on screen into a ShareState (core/share),
// applyShare() puts one on screen. Validation is the core's; this module only moves fields.

import { getPreset } from '../core/presets';
import { parseDocumentText, type NetworkDocument } from '../core/share/parseDocument';
import { linkDocument, type LinkDocument } from '../core/share/linkBudget';
import {
  decodeShare,
  DEFAULT_PRESET_ID,
  encodeShare,
  isPresetId,
  outputSize,
  unitProblem,
  type ShareState,
} from '../core/share/urlCodec';
import type { EmbedControl, EmbedView, ViewState } from '../core/share/viewParams';
import { DEFAULT_SAMPLE } from '../core/samples';
import type { Network } from '../core/layers';
import { defaultWeightsFor, RANDOM_WEIGHTS } from '../core/weightsFile/shipped';
import { addNotice, defaultSelection, loadPreset } from './actions';
import { commit, replace } from './history';
import { useStore, type AppState } from './store';

export const DEFAULT_PRESET = DEFAULT_PRESET_ID;

/** A preset id this app knows, else null (a file may name one from another version). */
const knownPreset = (id: string | null | undefined): string | null =>
  id !== null && id !== undefined && isPresetId(id) ? id : null;

/** What the student built, as the network file holds it. */
export function currentDocument(s: AppState = useStore.getState()): NetworkDocument {
  return {
    ...(s.presetId !== null ? { preset: s.presetId } : {}),
    network: s.network,
    seed: s.seed,
    ...(s.fixedWeights && Object.keys(s.fixedWeights).length ? { weights: s.fixedWeights } : {}),
    ...(s.weightsId ? { trainedWeights: s.weightsId } : {}),
    ...(s.classNames ? { classes: s.classNames } : {}),
    ...(s.inputMode === 'numeric' && s.fixedInput ? { input: s.fixedInput } : {}),
  };
}

/** The screen as a ShareState: an unedited preset by id, anything else as a document. */
export function captureShare(s: AppState = useStore.getState()): ShareState {
  const v = s.view;
  const byId = s.presetId !== null && !s.edited;
  const preset = knownPreset(s.presetId);
  // A unit an edit has since removed is not written: the link would carry a stale pin.
  const unit = v.unit && !unitProblem(s.network, v.unit) ? v.unit : null;
  const steps = v.inspector === 'steps' || v.embed?.show === 'steps';
  const view: ViewState = {
    ...(s.sampleId !== DEFAULT_SAMPLE ? { sample: s.sampleId } : {}),
    ...(s.inputMode === 'image' && s.example ? { example: s.example } : {}),
    ...(byId && s.seed !== 1 ? { seed: s.seed } : {}),
    ...(byId && s.weightsId !== defaultWeightsFor(s.presetId)
      ? { weights: s.weightsId ?? RANDOM_WEIGHTS }
      : {}),
    ...(s.selectedLayerId !== null ? { layer: s.selectedLayerId } : {}),
    ...(v.inspector === 'steps' ? { view: 'steps' as const } : {}),
    ...(unit ? { unit } : {}),
    ...(v.zoomChannel !== null ? { channel: v.zoomChannel } : {}),
    ...(v.colorScale !== 'layer' ? { scale: v.colorScale } : {}),
    ...(v.batchNorm !== 'inference' ? { bn: v.batchNorm } : {}),
    ...(steps && v.anim.step > 0 ? { step: v.anim.step } : {}),
    ...(v.anim.speed !== 1 ? { speed: v.anim.speed } : {}),
    ...(v.theme !== 'light' ? { theme: v.theme } : {}),
    ...(v.lecture ? { lecture: true } : {}),
    ...(v.summaryOpen ? { summary: true } : {}),
    ...(v.embed
      ? {
          embed: true,
          show: v.embed.show,
          ...(v.embed.controls ? { controls: v.embed.controls } : {}),
          ...(v.embed.origins.length ? { origins: v.embed.origins } : {}),
        }
      : {}),
  };
  return {
    ...(preset !== null ? { preset } : {}),
    ...(byId && preset !== null ? {} : { doc: currentDocument(s) }),
    view,
  };
}

/**
 * The screen as a link carries it: hand-set arrays past the link's budget stay out (named in
 * `omitted`; the network file keeps them).
 */
export function captureLink(s: AppState = useStore.getState()): {
  share: ShareState;
  omitted: LinkDocument['omitted'];
} {
  const share = captureShare(s);
  if (!share.doc) return { share, omitted: [] };
  const { doc, omitted } = linkDocument(share.doc);
  return { share: { ...share, doc }, omitted };
}

/** The link of the screen without the path: `query#net=…` (no '?'). */
export const shareQuery = (s: AppState = useStore.getState()) => encodeShare(captureLink(s).share);

/**
 * Everything a link of the screen is made from, by reference: the address bar is rewritten when
 * one of these changes, and only then (not on hover, not on a compute, not on a debug timing).
 */
export const linkInputs = (s: AppState): readonly unknown[] => [
  s.presetId,
  s.edited,
  s.network,
  s.seed,
  s.fixedWeights,
  s.weightsId,
  s.classNames,
  s.inputMode,
  s.fixedInput,
  s.selectedLayerId,
  s.sampleId,
  s.example,
  s.view,
];

/** Sentences naming hand-set values a link leaves out, for the share menu and a notice. */
export function omittedText(omitted: LinkDocument['omitted']): string | null {
  if (omitted.length === 0) return null;
  const list = omitted
    .map((o) => `'${o.layerId}' (${o.numbers.toLocaleString('en-US')} numbers)`)
    .join(', ');
  return `The hand-set values of ${list} are too many for a link, so links and the address bar leave them out (a reload re-seeds them). Export → Network (JSON) keeps everything.`;
}

/**
 * Puts a (validated) state on screen, replacing the network with a fresh undo history. Opening a
 * link gives the same screen whatever was there before; `keepDisplay` (a host page loading a
 * network into its embed) keeps the theme, lecture mode and embed settings.
 */
export function applyShare(share: ShareState, keepDisplay = false): void {
  const { doc, view } = share;
  if (doc) {
    replace({
      presetId: knownPreset(share.preset ?? doc.preset),
      edited: true,
      network: doc.network,
      seed: doc.seed ?? view.seed ?? 1,
      fixedWeights: doc.weights,
      weightsId: doc.trainedWeights ?? null,
      classNames: doc.classes ?? null,
      fixedInput: doc.input,
      inputMode: doc.input ? 'numeric' : 'image',
      selectedLayerId: defaultSelection(doc),
    });
  } else {
    loadPreset(share.preset ?? DEFAULT_PRESET);
    useStore.setState({
      seed: view.seed ?? 1,
      ...(view.weights ? { weightsId: view.weights === RANDOM_WEIGHTS ? null : view.weights } : {}),
    });
  }
  const s = useStore.getState();
  const selectedLayerId = view.layer ?? s.selectedLayerId;
  const embed = view.embed
    ? { show: view.show ?? 'maps', controls: view.controls ?? null, origins: view.origins ?? [] }
    : keepDisplay
      ? s.view.embed
      : null;
  // An embed of the animation (or of the maps) opens that tab, so its position is kept too.
  const tab = embed?.show === 'steps' ? 'steps' : embed?.show === 'maps' ? 'maps' : undefined;
  useStore.setState({
    sampleId: view.sample ?? DEFAULT_SAMPLE,
    example: view.example ?? null,
    selectedLayerId,
    view: {
      ...s.view,
      inspector: tab ?? view.view ?? 'maps',
      unit: view.unit ?? null,
      zoomChannel: channelIn(s.network, selectedLayerId, view.channel),
      colorScale: view.scale ?? 'layer',
      batchNorm: view.bn ?? 'inference',
      anim: { ...s.view.anim, step: view.step ?? 0, speed: view.speed ?? 1, playing: false },
      theme: view.theme ?? (keepDisplay ? s.view.theme : 'light'),
      lecture: view.lecture ?? (keepDisplay ? s.view.lecture : false),
      summaryOpen: view.summary ?? false,
      embed,
    },
  });
}

/** The zoomed channel if the layer has it (a link cannot zoom into a channel that is not there). */
function channelIn(network: Network, layerId: string | null, channel?: number): number | null {
  if (channel === undefined || layerId === null) return null;
  const channels = layerId === 'input' ? network.input.c : (outputSize(network, layerId)?.[0] ?? 0);
  return channel < channels ? channel : null;
}

/**
 * Opens a link ('?query#fragment', either part optional): its state, or the default network and a
 * message naming what was wrong.
 */
export function openLink(link: string): boolean {
  const r = decodeShare(link);
  if (r.ok) {
    applyShare(r.value.state);
    for (const why of r.value.dropped) addNotice(`Part of this link was ignored — ${why}.`);
    return true;
  }
  loadPreset(DEFAULT_PRESET);
  const title = getPreset(DEFAULT_PRESET)?.title ?? DEFAULT_PRESET;
  addNotice(`This link could not be opened — ${r.message}. Showing ${title} instead.`);
  return false;
}

/** Opens a network file's text as an undoable edit; returns what was wrong, or null. */
export function importDocumentText(text: string): string | null {
  const r = parseDocumentText(text);
  if (!r.ok) return r.message;
  const doc = r.value;
  commit({
    presetId: knownPreset(doc.preset),
    edited: true,
    network: doc.network,
    seed: doc.seed ?? useStore.getState().seed,
    fixedWeights: doc.weights,
    weightsId: doc.trainedWeights ?? null,
    classNames: doc.classes ?? null,
    fixedInput: doc.input,
    inputMode: doc.input ? 'numeric' : 'image',
    selectedLayerId: defaultSelection(doc),
  });
  return null;
}

/** The link of the screen as an embed showing one view with some controls. */
export function embedQuery(embed: {
  show: EmbedView;
  controls?: readonly EmbedControl[];
  origins?: readonly string[];
}): string {
  const { share } = captureLink();
  return encodeShare({ ...share, view: { ...share.view, embed: true, ...embed } });
}
