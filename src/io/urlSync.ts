// Browser edge: keeps the address bar equal to the screen, so a reload or a bookmark brings it
// back, and makes network edits browser history, so Back and Forward walk them.
//
// - The address is rewritten (replaceState, debounced) only when something a link holds changes
//   (urlState.linkInputs): never on hover, a compute or a debug timing, never while the animation
//   plays. The network document goes in the fragment (#net=…), the readable view in the query.
// - Each new undo step of the network (commit) pushes a history entry; a run of folded edits (one
//   slider drag) stays one entry. Back undoes one step per entry it moves, Forward redoes. An
//   entry from before a preset or a link was opened (another history) is reopened from its
//   address instead.
// - A document with many hand-set numbers is compressed in a worker, off the main thread.

import { captureLink, linkInputs, omittedText, openLink } from '../state/urlState';
import { redo, undo } from '../state/history';
import { addNotice } from '../state/actions';
import { useStore, type AppState } from '../state/store';
import { encodeFragment, encodeQuery } from '../core/share/urlCodec';
import { documentNumbers } from '../core/share/linkBudget';
import type { NetworkDocument } from '../core/share/parseDocument';

const DEBOUNCE_MS = 400;
/** Documents with more numbers than this are compressed in a worker. */
const WORKER_NUMBERS = 2_000;

interface Entry {
  /** Which undo history this entry belongs to (a new one starts when a preset or link opens). */
  readonly history: string;
  /** Position among this app's entries of that history. */
  readonly index: number;
}

const sameInputs = (a: readonly unknown[], b: readonly unknown[]) =>
  a.length === b.length && a.every((x, i) => x === b[i]);

const newHistoryId = () => Math.random().toString(36).slice(2, 10);

/** Test and debug switches are not part of the shared state; they stay in the address. */
function extraParams(): string {
  const keep = new URLSearchParams(window.location.search);
  return ['debug', 'backend']
    .filter((k) => keep.has(k))
    .map((k) => `&${k}=${encodeURIComponent(keep.get(k) ?? '')}`)
    .join('');
}

/** Compresses a fragment off the main thread (inline where workers are missing). */
function fragmentEncoder(): (doc: NetworkDocument | undefined) => Promise<string> {
  let worker: Worker | null = null;
  let next = 1;
  const waiting = new Map<number, (s: string) => void>();
  return (doc) => {
    if (!doc || documentNumbers(doc) <= WORKER_NUMBERS || typeof Worker === 'undefined')
      return Promise.resolve(encodeFragment(doc));
    if (!worker) {
      worker = new Worker(new URL('./linkWorker.ts', import.meta.url), {
        type: 'module',
        name: 'link-encoder',
      });
      worker.onmessage = (e: MessageEvent<{ id: number; fragment: string }>) => {
        waiting.get(e.data.id)?.(e.data.fragment);
        waiting.delete(e.data.id);
      };
    }
    const id = next++;
    worker.postMessage({ id, doc });
    return new Promise((resolve) => waiting.set(id, resolve));
  };
}

/** Runs `f` when the page is idle (within 200 ms), or soon where idle callbacks are missing. */
function later(f: () => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(f, { timeout: 200 });
  else setTimeout(f, 0);
}

export function startUrlSync(): () => void {
  let historyId = newHistoryId();
  let index = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let written = 0; // bumps on every write request, so a slow worker answer for an old state is dropped
  let lastOmitted: string | null = null;
  let navigating = false;
  const encode = fragmentEncoder();

  const entry = (): Entry => ({ history: historyId, index });

  // New history entries are pushed after the edit's maps are painted: pushState copies the whole
  // address (the #net= document), several ms for a big network, inside the edit's own event.
  // They go in order, and before anything that reads or rewrites the address.
  let pushes: Entry[] = [];
  const flushPushes = () => {
    for (const e of pushes) window.history.pushState(e, '', window.location.href);
    pushes = [];
  };
  const push = (e: Entry) => {
    if (pushes.length === 0) later(flushPushes);
    pushes.push(e);
  };

  const write = async () => {
    flushPushes();
    const s = useStore.getState();
    if (s.view.anim.playing) return;
    const ticket = ++written;
    const { share, omitted } = captureLink(s);
    const fragment = await encode(share.doc);
    if (ticket !== written) return;
    const url = `?${encodeQuery(share)}${extraParams()}${fragment ? `#${fragment}` : ''}`;
    if (window.location.search + window.location.hash !== url)
      window.history.replaceState(entry(), '', url);
    const left = omittedText(omitted);
    if (left && left !== lastOmitted) addNotice(left);
    lastOmitted = left;
  };
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(() => void write(), DEBOUNCE_MS);
  };

  window.history.replaceState(entry(), '', window.location.href);
  schedule();

  const unsubscribe = useStore.subscribe((s: AppState, prev: AppState) => {
    if (!navigating && s.history !== prev.history) {
      const h = s.history;
      // history.replace() (a preset or link opened) starts an empty history with lastAt 0; an
      // undo or redo keeps an entry on one side, an edit stamps lastAt.
      const fresh = h.past.length === 0 && h.future.length === 0 && h.lastAt === 0;
      if (fresh) {
        // A preset or a link opened: a new history, in a new entry.
        historyId = newHistoryId();
        index = 0;
        push(entry());
      } else if (h.past.length > prev.history.past.length && h.future.length === 0) {
        // A new undo step (not a folded one, not a redo).
        index += 1;
        push(entry());
      }
    }
    if (!sameInputs(linkInputs(s), linkInputs(prev))) schedule();
  });

  const onPop = (e: PopStateEvent) => {
    pushes = []; // entries not pushed yet are after the one the browser went to
    const to = e.state as Entry | null;
    navigating = true;
    try {
      if (!to || to.history !== historyId) {
        // Another history (before a preset or link was opened): reopen that address.
        openLink(window.location.search + window.location.hash);
        historyId = to?.history ?? newHistoryId();
        index = to?.index ?? 0;
      } else {
        for (; index > to.index; index--) undo();
        for (; index < to.index; index++) redo();
      }
    } finally {
      navigating = false;
    }
    schedule();
  };
  window.addEventListener('popstate', onPop);

  return () => {
    flushPushes();
    clearTimeout(timer);
    unsubscribe();
    window.removeEventListener('popstate', onPop);
  };
}
