// Browser edge: the service worker that keeps the app usable offline after one visit (built by
// vite-plugin-pwa, see vite.config.ts). A new version is announced in the page and waits until
// the student reloads into it, so a page never runs old and new files together.

import { registerSW } from 'virtual:pwa-register';
import { useStore } from '../state/store';

let update: ((reload?: boolean) => Promise<void>) | null = null;

/** Registers the service worker (not in the dev server, where there is none). */
export function startOffline(): void {
  if (import.meta.env.DEV || !('serviceWorker' in navigator)) return;
  update = registerSW({
    immediate: true,
    onNeedRefresh: () => setOffline('update'),
    onOfflineReady: () => setOffline('ready'),
    onRegisterError: () => setOffline(null),
  });
}

function setOffline(offline: 'ready' | 'update' | null): void {
  useStore.setState({ ui: { ...useStore.getState().ui, offline } });
}

/** Reloads into the waiting new version. */
export function applyUpdate(): void {
  void update?.(true);
}
