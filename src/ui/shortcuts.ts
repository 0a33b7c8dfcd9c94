// Every keyboard shortcut in one table: the global key handler and the "?" overlay both read it,
// so the overlay cannot list a key that does nothing.

import { selectLayer } from '../state/actions';
import { stepBy, togglePlay } from '../state/animActions';
import { redo, undo } from '../state/networkActions';
import { useStore } from '../state/store';
import {
  pinUnit,
  setInspector,
  toggleShortcuts,
  toggleSummary,
  toggleBare,
  toggleLectureSettings,
  toggleTheme,
} from '../state/viewActions';
import { toggleLecture, toggleFullscreen } from './lecture';

export interface Shortcut {
  /** Keys as shown in the overlay. */
  readonly keys: string;
  readonly does: string;
  /** Whether a keydown matches (modifiers included); absent: handled by the focused control. */
  readonly match?: (e: KeyboardEvent) => boolean;
  readonly run?: (e: KeyboardEvent) => void;
  /** Runs even while a text field has focus (undo/redo, as before). */
  readonly anywhere?: boolean;
}

const plain =
  (...keys: string[]) =>
  (e: KeyboardEvent) =>
    keys.includes(e.key) && !e.ctrlKey && !e.metaKey && !e.altKey;
const ctrl = (key: string, shift: boolean) => (e: KeyboardEvent) =>
  (e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === key && e.shiftKey === shift;

/** Selects the layer `by` places before or after the selected one in the list. */
function neighbourLayer(by: number): void {
  const s = useStore.getState();
  const ids = ['input', ...s.network.layers.map((l) => l.id)];
  const at = ids.indexOf(s.selectedLayerId ?? 'input');
  const next = ids[Math.max(0, Math.min(ids.length - 1, at + by))];
  if (next) selectLayer(next);
}

function escape(): void {
  const { view: v, ui } = useStore.getState();
  if (ui.shortcuts) toggleShortcuts(false);
  else if (v.summaryOpen) toggleSummary(false);
  else if (v.unit) pinUnit(null);
}

export const SHORTCUTS: readonly Shortcut[] = [
  { keys: '?', does: 'Show or hide this list', match: plain('?'), run: () => toggleShortcuts() },
  {
    keys: 'L',
    does: 'Lecture mode: large type, high contrast, fullscreen',
    match: plain('l', 'L'),
    run: toggleLecture,
  },
  {
    keys: 'E',
    does: 'Lecture mode: the layer’s settings (stride, padding, …) in a drawer',
    match: (e) => plain('e', 'E')(e) && useStore.getState().view.lecture,
    run: () => toggleLectureSettings(),
  },
  {
    keys: 'H',
    does: 'Lecture mode: hide or show everything but the view',
    match: (e) => plain('h', 'H')(e) && useStore.getState().view.lecture,
    run: () => toggleBare(),
  },
  { keys: 'F', does: 'Fullscreen', match: plain('f', 'F'), run: toggleFullscreen },
  { keys: 'D', does: 'Dark or light theme', match: plain('d', 'D'), run: toggleTheme },
  { keys: 'M', does: 'Feature maps tab', match: plain('m', 'M'), run: () => setInspector('maps') },
  {
    keys: 'W',
    does: '“Watch it compute” tab',
    match: plain('w', 'W'),
    run: () => setInspector('steps'),
  },
  {
    keys: '[  ]',
    does: 'Previous / next layer',
    match: plain('[', ']'),
    run: (e) => neighbourLayer(e.key === '[' ? -1 : 1),
  },
  { keys: 'P', does: 'Play or pause the animation', match: plain('p', 'P'), run: togglePlay },
  {
    keys: ',  .',
    does: 'Step the animation back / forward',
    match: plain(',', '.'),
    run: (e) => stepBy(e.key === ',' ? -1 : 1),
  },
  { keys: 'S', does: 'Summary table', match: plain('s', 'S'), run: () => toggleSummary() },
  {
    keys: 'Esc',
    does: 'Close this list or the summary, else unpin the unit',
    match: plain('Escape'),
    run: escape,
  },
  { keys: 'Ctrl+Z', does: 'Undo', match: ctrl('z', false), run: () => void undo(), anywhere: true },
  {
    keys: 'Ctrl+Shift+Z  Ctrl+Y',
    does: 'Redo',
    match: (e) => ctrl('z', true)(e) || ctrl('y', false)(e),
    run: () => void redo(),
    anywhere: true,
  },
  { keys: 'Tab  Shift+Tab', does: 'Move between controls; Enter or Space operates them' },
  { keys: 'Space  ←  →  Home  End', does: 'On a focused animation: play, step, first, last' },
  { keys: 'Alt+←  Alt+→  Delete', does: 'On a focused layer card: move it, remove it' },
];

/** Keys that type text or operate the focused control are left to it. */
function typing(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  const type = (target as HTMLInputElement).type;
  return tag === 'TEXTAREA' || tag === 'SELECT' || (tag === 'INPUT' && type !== 'checkbox');
}

/** Keys an embed has hidden the buttons of (?controls=…) do nothing either. */
function hiddenInEmbed(hit: Shortcut): boolean {
  const kept = useStore.getState().view.embed?.controls;
  if (!kept) return false;
  if (hit.keys === 'P') return !kept.includes('play');
  if (hit.keys === ',  .') return !kept.includes('step');
  return false;
}

/** The page-wide key handler. */
export function onShortcutKey(e: KeyboardEvent): void {
  if (e.defaultPrevented) return;
  const hit = SHORTCUTS.find((s) => s.match?.(e));
  if (!hit?.run || (typing(e.target) && !hit.anywhere)) return;
  // Behind the open list only ? and Esc act (it is a modal dialog).
  if (useStore.getState().ui.shortcuts && hit.keys !== '?' && hit.keys !== 'Esc') return;
  if (hiddenInEmbed(hit)) return;
  e.preventDefault();
  hit.run(e);
}
