// Start-up's part of the "Why?" panel, kept light: opening and closing it, and re-explaining
// when the input, the prediction or the weights change while it is open. The explanation code
// itself (explainActions.ts and the engines behind it) loads when the panel first opens.

import { useStore } from './store';

const actions = () => import('./explainActions');

/** Opens or closes the panel (toggles without an argument). */
export function setWhyOpen(open = !useStore.getState().explain.open): void {
  useStore.setState({ explain: { ...useStore.getState().explain, open } });
}

/** "What does this detect?" on a zoomed channel. */
export function askWhatDetects(layer: string, channel: number): void {
  void import('./featureVisActions').then((m) => m.whatDetects(layer, channel));
}

/** Re-explains when what the explanation depends on changes, while the panel is open. */
export function startExplainWatch(): () => void {
  return useStore.subscribe((s, before) => {
    if (s.explain.open !== before.explain.open) {
      const open = s.explain.open;
      void actions().then((m) => (open ? m.scheduleWhy() : m.cancelWhy()));
      return;
    }
    if (!s.explain.open) return;
    if (
      s.compute.input !== before.compute.input ||
      s.compute.prediction !== before.compute.prediction ||
      s.compute.predictionStatus !== before.compute.predictionStatus
    )
      void actions().then((m) => m.scheduleWhy());
  });
}
