// Browser edge: keeps the address bar equal to the screen, so a reload or a bookmark brings it
// back. Rewrites with history.replaceState (no new history entries), debounced, and never while
// an animation plays (that would rewrite the URL many times a second).

import { useStore } from '../state/store';
import { shareQuery } from '../state/urlState';

const DEBOUNCE_MS = 400;

export function startUrlSync(): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const write = () => {
    const s = useStore.getState();
    if (s.view.anim.playing) return;
    const query = `?${shareQuery(s)}`;
    // Test and debug switches are not part of the shared state; keep them.
    const keep = new URLSearchParams(window.location.search);
    const extra = ['debug', 'backend']
      .filter((k) => keep.has(k))
      .map((k) => `&${k}=${encodeURIComponent(keep.get(k) ?? '')}`)
      .join('');
    if (window.location.search !== query + extra)
      window.history.replaceState(null, '', query + extra + window.location.hash);
  };
  const unsubscribe = useStore.subscribe((s, prev) => {
    if (s.compute !== prev.compute && s.view === prev.view && s.network === prev.network) return;
    clearTimeout(timer);
    timer = setTimeout(write, DEBOUNCE_MS);
  });
  return () => {
    clearTimeout(timer);
    unsubscribe();
  };
}
