// The last model trained in this browser, across a reload. A link carries at most 50,000
// hand-set numbers, so the address bar of a trained LeNet-5 (61,706) leaves its largest arrays
// out; the page keeps the whole document in IndexedDB (io/trainedStore.ts) and, when a reload
// opens the same network with those arrays missing, puts them back (an undo step, with a notice).
// A plain preset link is never changed by it.

import { documentJson, parseDocumentText, type NetworkDocument } from '../core/share/parseDocument';
import { addNotice } from './actions';
import { commit } from './history';
import { useStore } from './store';

const sameNetwork = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Puts back the saved model's arrays a link left out; returns whether it did. */
export function restoreTrained(
  saved: { savedAt: number; document: NetworkDocument } | null,
): boolean {
  if (!saved) return false;
  const s = useStore.getState();
  // Checked as any file is: IndexedDB may hold what an older version wrote.
  const parsed = parseDocumentText(documentJson(saved.document));
  if (!parsed.ok || !parsed.value.weights) return false;
  const doc = parsed.value;
  if (!s.edited || !sameNetwork(doc.network, s.network)) return false;
  const missing = Object.entries(doc.weights!).some(
    ([id, fw]) => fw.weight !== undefined && s.fixedWeights?.[id]?.weight === undefined,
  );
  if (!missing) return false;
  commit({
    fixedWeights: doc.weights,
    weightsId: doc.trainedWeights ?? null,
    classNames: doc.classes ?? null,
    edited: true,
  });
  const when = new Date(saved.savedAt).toLocaleString('en-GB');
  addNotice(
    `Restored the weights trained in this browser (${when}): the link could not carry all of them. Undo goes back to the link's.`,
  );
  return true;
}
