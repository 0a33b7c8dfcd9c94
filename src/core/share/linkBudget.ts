// How much of a network document a link carries. A link holds the whole network, its seed, every
// single typed weight and the typed input; hand-set arrays (a whole layer's weights from a file)
// ride along while the document stays under LIMITS.linkNumbers numbers. Past that the largest
// arrays stay out of the link — the share menu and a notice name them and point to the network
// file, which keeps everything — so encoding a link never takes seconds and never makes an
// address too long to paste.

import { LIMITS } from '../limits';
import type { FixedWeights } from '../presets/preset';
import type { NetworkDocument } from './parseDocument';

const ARRAYS = ['weight', 'bias', 'gamma', 'beta', 'runningMean', 'runningVar'] as const;

/** Numbers a layer's hand-set values put in a document. */
export function fixedNumbers(f: FixedWeights): number {
  let n = (f.weightEdits?.length ?? 0) * 2;
  for (const k of ARRAYS) n += f[k]?.length ?? 0;
  return n;
}

/** Numbers a document holds (hand-set values and typed input). */
export const documentNumbers = (doc: NetworkDocument): number =>
  (doc.input?.length ?? 0) +
  Object.values(doc.weights ?? {}).reduce((sum, f) => sum + fixedNumbers(f), 0);

export interface LinkDocument {
  readonly doc: NetworkDocument;
  /** Layers whose hand-set arrays were left out, with how many numbers each held. */
  readonly omitted: readonly { readonly layerId: string; readonly numbers: number }[];
}

/** The document a link carries: all of it, or all but the largest hand-set arrays. */
export function linkDocument(doc: NetworkDocument): LinkDocument {
  let total = documentNumbers(doc);
  if (total <= LIMITS.linkNumbers || !doc.weights) return { doc, omitted: [] };
  const weights: Record<string, FixedWeights> = { ...doc.weights };
  const omitted: { layerId: string; numbers: number }[] = [];
  const bySize = Object.entries(doc.weights).sort(
    (a, b) => fixedNumbers(b[1]) - fixedNumbers(a[1]),
  );
  for (const [id, f] of bySize) {
    if (total <= LIMITS.linkNumbers) break;
    const arrays = ARRAYS.reduce((n, k) => n + (f[k]?.length ?? 0), 0);
    if (arrays === 0) continue;
    const kept: Record<string, unknown> = { ...f };
    for (const k of ARRAYS) delete kept[k];
    // Typed weights over an array that stays out would land on the seeded weights: out too.
    if (f.weight) delete kept.weightEdits;
    if (!kept.weightEdits) delete kept.weightDims;
    total -= fixedNumbers(f) - fixedNumbers(kept as FixedWeights);
    if (Object.keys(kept).length > 0) weights[id] = kept as FixedWeights;
    else delete weights[id];
    omitted.push({ layerId: id, numbers: arrays });
  }
  return { doc: { ...doc, weights }, omitted };
}
