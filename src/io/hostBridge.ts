// Browser edge: the postMessage channel to a page that embeds the app in an iframe. Messages are
// plain data checked by the core's schema (state/hostApi.ts); with ?origins=… only those host
// origins are obeyed and everything else is ignored without a reply.

import type { AppEvent } from '../core/share/hostMessages';
import { isForUs } from '../core/share/hostMessages';
import { handleHostMessage, readyEvent, watchEvents } from '../state/hostApi';
import { useStore } from '../state/store';

const allowed = (origin: string): boolean => {
  const list = useStore.getState().view.embed?.origins ?? [];
  return list.length === 0 || list.includes(origin);
};

/** The embedding page's origin: Chromium and Safari say it; elsewhere the referrer tells. */
function parentOrigin(): string | undefined {
  const ancestor = window.location.ancestorOrigins?.[0];
  if (ancestor) return ancestor;
  try {
    return document.referrer ? new URL(document.referrer).origin : undefined;
  } catch {
    return undefined;
  }
}

/** Where events to the parent page go: its origin when known and allowed, else '*' if any may. */
function parentTarget(): string | null {
  const list = useStore.getState().view.embed?.origins ?? [];
  const ancestor = parentOrigin();
  if (list.length === 0) return ancestor ?? '*';
  if (ancestor) return list.includes(ancestor) ? ancestor : null;
  return list.length === 1 ? list[0] : null;
}

/**
 * Listens to the parent page of an embed (?embed=1) only: the full app, opened by itself, takes
 * no orders from other windows, and no window but the parent is heard.
 */
export function startHostBridge(): () => void {
  const parent = window.parent !== window ? window.parent : null;
  if (!parent || !useStore.getState().view.embed) return () => undefined;
  const post = (e: AppEvent) => {
    const target = parentTarget();
    if (target) parent.postMessage(e, target);
  };
  const onMessage = (event: MessageEvent) => {
    if (event.source !== parent || !isForUs(event.data) || !allowed(event.origin)) return;
    const reply = handleHostMessage(event.data);
    if (reply) parent.postMessage(reply, event.origin === 'null' ? '*' : event.origin);
  };
  window.addEventListener('message', onMessage);
  const unwatch = watchEvents(post);
  post(readyEvent());
  return () => {
    window.removeEventListener('message', onMessage);
    unwatch();
  };
}
