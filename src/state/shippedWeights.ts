// Shipped trained weights in the store: which set the network uses (the snapshot's `weightsId`,
// undoable, carried by links and files as a name) and the sets fetched so far (`shipped`, a cache
// outside the undo history). The views and backends read `effectiveWeights`: the shipped set
// with the student's own edits over it. Fetching is the browser's (io/loadWeights.ts), passed in.

import { inferShapes } from '../core/infer';
import { getPreset } from '../core/presets';
import type { NamedTensor } from '../core/weightsFile/safetensors';
import { tensorsToFixed } from '../core/weightsFile/namedWeights';
import { mergeWeights, type WeightSet } from '../core/weightsFile/mergeWeights';
import { parseShippedInfo, shippedWeights, type ShippedWeights } from '../core/weightsFile/shipped';
import { commit } from './history';
import { useStore, type AppState, type ShippedEntry } from './store';

export type ShippedLoader = (
  w: ShippedWeights,
) => Promise<{ readonly tensors: readonly NamedTensor[]; readonly info: unknown }>;

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** The shipped set under the network's own edits, when it has arrived. */
export function baseWeights(s: AppState): WeightSet | undefined {
  if (!s.weightsId) return undefined;
  const entry = s.shipped[s.weightsId];
  return entry?.status === 'ready' ? entry.layers : undefined;
}

/**
 * The parameters every view and backend computes with (by layer id), see mergeWeights; while a
 * training run is on, its latest parameters.
 */
export const effectiveWeights = (s: AppState): WeightSet | undefined =>
  s.training.live ?? mergeWeights(baseWeights(s), s.fixedWeights);

/** Where the network's shipped weights stand: none asked for, on their way, there, or failed. */
export function weightsEntry(s: AppState): ShippedEntry | null {
  if (!s.weightsId) return null;
  return s.shipped[s.weightsId] ?? { status: 'loading' };
}

const setEntry = (id: string, entry: ShippedEntry) =>
  useStore.setState({ shipped: { ...useStore.getState().shipped, [id]: entry } });

/** Fetches and checks one shipped set into the cache (once; a failure can be retried). */
export async function fetchShipped(id: string, load: ShippedLoader): Promise<void> {
  const w = shippedWeights(id);
  const have = useStore.getState().shipped[id];
  if (have && have.status !== 'error') return;
  if (!w) {
    setEntry(id, { status: 'error', message: `there are no shipped weights named '${id}'` });
    return;
  }
  setEntry(id, { status: 'loading' });
  try {
    const { tensors, info } = await load(w);
    const preset = getPreset(w.preset);
    if (!preset) throw new Error(`the weights are for a preset '${w.preset}' this app lacks`);
    const layers = tensorsToFixed(inferShapes(preset.network), tensors);
    const parsed = parseShippedInfo(info);
    if (!parsed) throw new Error(`${w.info} does not describe the weights (classes, accuracy)`);
    setEntry(id, { status: 'ready', layers, info: parsed });
  } catch (e) {
    setEntry(id, {
      status: 'error',
      message: `the trained weights '${id}' could not be loaded (${message(e)}); switch to random weights, or reload to try again`,
    });
  }
}

/** Keeps the network's shipped set fetched: whenever `weightsId` names one not yet asked for. */
export function startShippedWeights(load: ShippedLoader): () => void {
  const check = (s: AppState) => {
    if (s.weightsId && !s.shipped[s.weightsId]) void fetchShipped(s.weightsId, load);
  };
  check(useStore.getState());
  return useStore.subscribe(check);
}

/**
 * Chooses the network's weights: a shipped set by name, or null for the seeded random ones.
 * One undo step; the student's own edits stay (over whichever set). Returns why not, or null.
 */
export function setWeightsSource(id: string | null): string | null {
  const s = useStore.getState();
  if (id !== null && !shippedWeights(id)) return `there are no shipped weights named '${id}'`;
  if (id === s.weightsId) return null;
  // Not an edit of the network: an unedited preset stays one (its link says weights=random).
  commit({ weightsId: id, edited: s.edited });
  return null;
}

/** Where a layer's weights come from, in a few words for the filter view's caption. */
export function weightsOrigin(s: AppState, layerId: string): string {
  const own = s.fixedWeights?.[layerId];
  const base = baseWeights(s)?.[layerId];
  const edits = own?.weightEdits?.length ?? 0;
  const typed = edits > 0 ? `, ${edits} typed` : '';
  if (own?.weight) return `hand-edited${typed}`;
  if (base && own?.seed === undefined) {
    const w = s.weightsId ? shippedWeights(s.weightsId) : undefined;
    return `${w?.title ?? 'trained'}${typed}`;
  }
  return `He initialization, seed ${own?.seed ?? s.seed}${typed}`;
}
