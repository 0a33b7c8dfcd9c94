// Browser edge: the last model trained in this browser, kept in IndexedDB (through idb-keyval)
// so a reload brings it back even when the link in the address bar could not carry all of its
// numbers (links leave out arrays past 50,000 numbers; LeNet-5 has 61,706).

import { del, get, set } from 'idb-keyval';
import type { NetworkDocument } from '../core/share/parseDocument';

const KEY = 'cnn-visualizer/last-trained';

export interface SavedModel {
  readonly savedAt: number;
  readonly document: NetworkDocument;
}

export async function saveTrained(document: NetworkDocument): Promise<void> {
  await set(KEY, { savedAt: Date.now(), document } satisfies SavedModel);
}

/** The saved model, or null (none, or IndexedDB unavailable: private windows may refuse it). */
export async function loadTrained(): Promise<SavedModel | null> {
  try {
    const v = (await get(KEY)) as SavedModel | undefined;
    return v && typeof v === 'object' && v.document ? v : null;
  } catch {
    return null;
  }
}

export const forgetTrained = () => del(KEY);
