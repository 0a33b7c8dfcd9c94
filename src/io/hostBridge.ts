// Browser edge: the postMessage channel to a page that embeds the app in an iframe. Messages are
// plain data checked by the core's schema (state/hostApi.ts); with ?origins=… only those host
// origins are obeyed and everything else is ignored without a reply.

import type { AppEvent } from '../core/share/hostMessages';
import { CHANNEL, isForUs } from '../core/share/hostMessages';
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
  const unsize = watchSize(post);
  return () => {
    window.removeEventListener('message', onMessage);
    unwatch();
    unsize();
  };
}

/**
 * Tells the host the content's size whenever it changes (at most once a frame), so it can size
 * the iframe to fit: `iframe.style.height = e.data.height + 'px'`.
 */
function watchSize(post: (e: AppEvent) => void): () => void {
  if (typeof ResizeObserver === 'undefined') return () => undefined;
  let last = '';
  let frame = 0;
  const report = () => {
    frame = 0;
    const el = document.querySelector('[data-testid=embed-app]');
    const main = el?.querySelector('.embed-main');
    if (!el || !main) return;
    // The content's own height (the view fills the iframe, so the page's height says nothing):
    // from the top of the view to the bottom of its last child, plus the footer.
    const top = main.getBoundingClientRect().top;
    const bottom = Math.max(
      ...Array.from(main.children, (c) => c.getBoundingClientRect().bottom + main.scrollTop),
      top,
    );
    const pad = parseFloat(getComputedStyle(main).paddingBottom) || 0;
    const foot = el.querySelector('.embed-foot')?.getBoundingClientRect().height ?? 0;
    const width = Math.ceil(el.scrollWidth);
    const height = Math.ceil(bottom - top + pad + foot);
    if (`${width}×${height}` === last || height === 0) return;
    last = `${width}×${height}`;
    post({ channel: CHANNEL, type: 'resize', width, height });
  };
  const schedule = () => {
    frame ||= requestAnimationFrame(report);
  };
  // The view's size changes with the window, and with what is drawn inside it (a new view, a
  // panel that opens): both schedule a measurement.
  const watch = new ResizeObserver(schedule);
  watch.observe(document.body);
  const drawn = new MutationObserver(schedule);
  drawn.observe(document.body, { childList: true, subtree: true });
  return () => {
    watch.disconnect();
    drawn.disconnect();
    cancelAnimationFrame(frame);
  };
}
