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

/** Where events to the parent page go: its origin when known and allowed, else '*' if any may. */
function parentTarget(): string | null {
  const list = useStore.getState().view.embed?.origins ?? [];
  const ancestor = window.location.ancestorOrigins?.[0];
  if (list.length === 0) return ancestor ?? '*';
  if (ancestor) return list.includes(ancestor) ? ancestor : null;
  return list.length === 1 ? list[0] : null;
}

export function startHostBridge(): () => void {
  const parent = window.parent !== window ? window.parent : null;
  const post = (e: AppEvent) => {
    const target = parentTarget();
    if (parent && target) parent.postMessage(e, target);
  };
  const onMessage = (event: MessageEvent) => {
    if (event.source === window || !isForUs(event.data) || !allowed(event.origin)) return;
    const reply = handleHostMessage(event.data);
    if (reply && event.source && 'postMessage' in event.source)
      (event.source as Window).postMessage(reply, event.origin === 'null' ? '*' : event.origin);
  };
  window.addEventListener('message', onMessage);
  const unwatch = watchEvents(post);
  post(readyEvent());
  return () => {
    window.removeEventListener('message', onMessage);
    unwatch();
  };
}
