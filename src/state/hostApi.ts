// What a host page's messages do (core/share/hostMessages.ts checks them first), and the events
// the app reports back. A message that fails leaves the screen as it was and answers an error.

import { getPreset } from '../core/presets';
import {
  CHANNEL,
  parseHostMessage,
  type AppEvent,
  type HostMessage,
} from '../core/share/hostMessages';
import { parseDocument } from '../core/share/parseDocument';
import { decodeShare, EMPTY_PRESET_ID, unitProblem } from '../core/share/urlCodec';
import { selectLayer } from './actions';
import { goStep, setPlaying, stepBy } from './animActions';
import { useStore, type AppState } from './store';
import { applyShare, shareQuery } from './urlState';
import { pinUnit, sameUnit } from './viewActions';

const error = (message: string): AppEvent => ({ channel: CHANNEL, type: 'error', message });

const layerIds = (s: AppState) => s.network.layers.map((l) => l.id);

export const loadedEvent = (s: AppState = useStore.getState()): AppEvent => ({
  channel: CHANNEL,
  type: 'loaded',
  link: shareQuery(s),
  layers: layerIds(s),
});

export const readyEvent = (s: AppState = useStore.getState()): AppEvent => ({
  channel: CHANNEL,
  type: 'ready',
  version: 1,
  link: shareQuery(s),
  layers: layerIds(s),
});

function load(m: Extract<HostMessage, { type: 'load' }>): AppEvent {
  if (m.preset !== undefined) {
    if (m.preset !== EMPTY_PRESET_ID && !getPreset(m.preset))
      return error(`load: there is no preset '${m.preset}'`);
    applyShare({ preset: m.preset, view: {} }, true);
  } else if (m.link !== undefined) {
    const r = decodeShare(m.link.startsWith('?') ? m.link : `?${m.link}`);
    if (!r.ok) return error(`load: ${r.message}`);
    applyShare({ ...r.value.state, view: { ...r.value.state.view, embed: undefined } }, true);
  } else {
    const r = parseDocument(m.document);
    if (!r.ok) return error(`load: ${r.message}`);
    applyShare({ preset: r.value.preset, doc: r.value, view: {} }, true);
  }
  return loadedEvent();
}

/**
 * Applies one posted message and returns its reply: every message gets one — its result
 * (loaded, state), an error saying what was refused, or `done`.
 */
export function handleHostMessage(data: unknown): AppEvent {
  const parsed = parseHostMessage(data);
  if (!parsed.ok) return error(parsed.message);
  const m = parsed.value;
  return apply(m) ?? { channel: CHANNEL, type: 'done', request: m.type };
}

function apply(m: HostMessage): AppEvent | null {
  const s = useStore.getState();
  switch (m.type) {
    case 'load':
      return load(m);
    case 'selectLayer':
      if (m.layer !== 'input' && !s.network.layers.some((l) => l.id === m.layer))
        return error(`selectLayer: the network has no layer '${m.layer}'`);
      selectLayer(m.layer);
      return null;
    case 'selectUnit': {
      if (m.unit === null) {
        pinUnit(null);
        return null;
      }
      const problem = unitProblem(s.network, m.unit);
      if (problem) return error(`selectUnit: ${problem}`);
      if (s.selectedLayerId !== m.unit.layerId) selectLayer(m.unit.layerId);
      // pinUnit toggles a unit that is already pinned; a host asks for it to be pinned.
      if (!sameUnit(useStore.getState().view.unit, m.unit)) pinUnit(m.unit);
      return null;
    }
    case 'showView':
      useStore.setState({
        view: {
          ...s.view,
          inspector: m.view === 'steps' ? 'steps' : m.view === 'maps' ? 'maps' : s.view.inspector,
          embed: s.view.embed ? { ...s.view.embed, show: m.view } : null,
        },
      });
      return null;
    case 'play':
    case 'pause':
      if (s.view.anim.count === 0) return error(`${m.type}: no step-by-step view is on screen`);
      setPlaying(m.type === 'play');
      return null;
    case 'step':
      stepBy(m.by ?? 1);
      return null;
    case 'seek':
      goStep(m.step);
      return null;
    case 'getState':
      return { channel: CHANNEL, type: 'state', link: shareQuery(s), layer: s.selectedLayerId };
  }
}

/** Calls `emit` when the selection or the animation position changes; returns the unsubscribe. */
export function watchEvents(emit: (e: AppEvent) => void): () => void {
  return useStore.subscribe((s, prev) => {
    if (s.selectedLayerId !== prev.selectedLayerId || s.view.unit !== prev.view.unit)
      emit({ channel: CHANNEL, type: 'selection', layer: s.selectedLayerId, unit: s.view.unit });
    const a = s.view.anim;
    const b = prev.view.anim;
    if (a.step !== b.step || a.playing !== b.playing || a.count !== b.count)
      emit({ channel: CHANNEL, type: 'step', step: a.step, count: a.count, playing: a.playing });
  });
}
