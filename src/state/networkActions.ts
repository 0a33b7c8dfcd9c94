// Editing the network: add from the palette, remove, duplicate, reorder, change a setting, change
// the input. Each is one undo step (a slider drag folds into one). Every edit is checked first
// against the same schema and budget a link or a file passes (core/share/storable.ts): what a link
// could not carry back is refused with a sentence the editor shows beside the field, and nothing
// changes. Values the schema accepts but the layer cannot use (a kernel larger than its input)
// are kept as typed: the core explains them and the last good feature maps stay on screen.

import * as edit from '../core/edit';
import type { InputSpec, Layer, LayerKind, Network } from '../core/layers';
import { KIND_LABEL } from '../core/layers';
import type { FixedWeights } from '../core/presets/preset';
import { inputRefusal, layerRefusal, networkRefusal } from '../core/share/storable';
import { fitFixed, paramDims } from '../core/weightRemap';
import { initLayerParams } from '../core/weights';
import { addNotice } from './actions';
import { analyze } from './derived';
import { commit, redo, sealHistory, undo } from './history';
import { resizeNumericInput } from './inputActions';
import { useStore, type Snapshot } from './store';

export { redo, sealHistory, undo };

/** Why an edit was not made, in words; null when it was. */
export type Refusal = string | null;

/**
 * The hand-set values of every layer carried to the shapes of `network` (a kernel 3×3 → 5×5
 * keeps the typed 3×3 in its centre), with one sentence per layer whose values moved.
 */
function carryWeights(
  before: Network,
  after: Network,
  fixedWeights: Snapshot['fixedWeights'],
  seed: number,
): { fixedWeights: Snapshot['fixedWeights']; notes: string[] } {
  if (!fixedWeights) return { fixedWeights, notes: [] };
  const was = analyze(before).inference.byId;
  const now = analyze(after).inference.byId;
  const out: Record<string, FixedWeights> = {};
  const notes: string[] = [];
  let changed = false;
  for (const [id, fixed] of Object.entries(fixedWeights)) {
    const ls = now.get(id);
    if (!ls) {
      changed = true; // the layer is gone
      continue;
    }
    const old = was.get(id);
    if (ls.status !== 'ok') {
      // Not computable now: keep the values, with the layout they were made for when known.
      const dims = old?.status === 'ok' ? paramDims(old).weight : undefined;
      const keep =
        dims && !fixed.weightDims && hasWeight(fixed) ? { ...fixed, weightDims: dims } : fixed;
      out[id] = keep;
      changed ||= keep !== fixed;
      continue;
    }
    const fallback = old?.status === 'ok' ? paramDims(old) : undefined;
    const r = fitFixed(ls, fixed, () => initLayerParams(ls, fixed.seed ?? seed), fallback);
    if (r.fixed) out[id] = r.fixed;
    if (r.fixed !== fixed) changed = true;
    if (r.note) notes.push(r.note);
  }
  return { fixedWeights: changed ? out : fixedWeights, notes };
}

const hasWeight = (f: FixedWeights) => f.weight !== undefined || (f.weightEdits?.length ?? 0) > 0;

/**
 * Commits a new network (with the rest of `patch`), or says why it cannot be kept. Hand-set
 * values follow the shapes they were made for, and the student is told what moved (undo
 * brings the old shape back with every value).
 */
export function commitNetwork(
  network: Network,
  patch: Partial<Snapshot> = {},
  key: string | null = null,
): Refusal {
  const s = useStore.getState();
  const refusal = networkRefusal(network, analyze(network).cost);
  if (refusal) return refusal;
  const carried = carryWeights(s.network, network, patch.fixedWeights ?? s.fixedWeights, s.seed);
  commit({ ...patch, network, fixedWeights: carried.fixedWeights }, key);
  for (const note of carried.notes)
    addNotice(
      `Hand-set values kept across the edit — ${note}. Undo (Ctrl+Z) restores them as they were.`,
    );
  return null;
}

/** Adds a layer after the selected one (or at the end) and selects it. */
export function addLayer(kind: LayerKind, afterId?: string | null): string | null {
  if (!Object.hasOwn(KIND_LABEL, kind)) return null;
  const s = useStore.getState();
  const after = afterId !== undefined ? afterId : s.selectedLayerId;
  const { network, id } = edit.insertLayer(s.network, kind, after, analyze(s.network).inference);
  const refusal = commitNetwork(network, { selectedLayerId: id });
  if (refusal) {
    addNotice(`The layer was not added — ${refusal}.`);
    return null;
  }
  return id;
}

export function removeLayer(id: string): void {
  const s = useStore.getState();
  const idx = s.network.layers.findIndex((l) => l.id === id);
  if (idx < 0) return;
  const network = edit.removeLayer(s.network, id);
  const neighbour = network.layers[Math.min(idx, network.layers.length - 1)]?.id ?? null;
  const refusal = commitNetwork(network, {
    selectedLayerId: s.selectedLayerId === id ? neighbour : s.selectedLayerId,
  });
  if (refusal) addNotice(`'${id}' was not removed — ${refusal}.`);
}

export function duplicateLayer(id: string): void {
  const s = useStore.getState();
  const { network, id: copy } = edit.duplicateLayer(s.network, id);
  if (copy === id) return;
  const refusal = commitNetwork(network, { selectedLayerId: copy });
  if (refusal) addNotice(`'${id}' was not copied — ${refusal}.`);
}

/** Moves a layer to a list position; `by` moves it relative to where it is (keyboard). */
export function moveLayer(id: string, to: number): void {
  if (!Number.isInteger(to)) return;
  const s = useStore.getState();
  const network = edit.moveLayer(s.network, id, to);
  if (network === s.network) return;
  const refusal = commitNetwork(network);
  if (refusal) addNotice(`'${id}' was not moved — ${refusal}.`);
}

export function moveLayerBy(id: string, by: number): void {
  const idx = useStore.getState().network.layers.findIndex((l) => l.id === id);
  if (idx >= 0) moveLayer(id, idx + by);
}

/**
 * Changes settings of one layer; `field` names the control so a drag is one undo step. Returns
 * why the change was refused (a value no link could carry: kernel 65, a name with `<`), or null.
 */
export function updateLayer(id: string, patch: Partial<Layer>, field = 'layer'): Refusal {
  const s = useStore.getState();
  if (typeof patch !== 'object' || patch === null) return 'expected a set of layer settings';
  const network = edit.updateLayer(s.network, id, patch);
  if (network === s.network) return null;
  const layer = network.layers.find((l) => l.id === id)!;
  const refusal = layerRefusal(layer);
  if (refusal) return refusal;
  return commitNetwork(network, {}, `${id}.${field}`);
}

/** Changes the input size; returns why it was refused (height 2.5, batch 0, 1025 pixels), or null. */
export function setInputSpec(patch: Partial<InputSpec>, field = 'input'): Refusal {
  const s = useStore.getState();
  if (typeof patch !== 'object' || patch === null) return 'expected an input size';
  const network = edit.setInputSpec(s.network, patch);
  const refusal = inputRefusal(network.input);
  if (refusal) return refusal;
  return commitNetwork(network, resizeNumericInput(s, network.input), `input.${field}`);
}
