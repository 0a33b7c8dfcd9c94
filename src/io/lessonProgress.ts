// Browser edge: the lesson steps answered on this device, kept in IndexedDB (idb-keyval).

import { get, set } from 'idb-keyval';

const KEY = 'cnn-visualizer/lessons-done';

export async function saveLessons(done: readonly string[]): Promise<void> {
  await set(KEY, [...done]);
}

/** The steps answered before, or undefined (none, or storage refused in a private window). */
export async function loadLessons(): Promise<string[] | undefined> {
  try {
    const v: unknown = await get(KEY);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined;
  } catch {
    return undefined;
  }
}
