// Editing the network: add from the palette, remove, duplicate, reorder, change a setting, change
// the input. Each is one undo step (a slider drag folds into one). Invalid values are stored as
// typed: the core explains them and the last good feature maps stay on screen.

import * as edit from '../core/edit';
import type { InputSpec, Layer, LayerKind } from '../core/layers';
import type { FixedWeights } from '../core/presets/preset';
import { analyze } from './derived';
import { commit, redo, sealHistory, undo } from './history';
import { resizeNumericInput } from './inputActions';
import { useStore } from './store';

export { redo, sealHistory, undo };

/** Adds a layer after the selected one (or at the end) and selects it. */
export function addLayer(kind: LayerKind, afterId?: string | null): string {
  const s = useStore.getState();
  const after = afterId !== undefined ? afterId : s.selectedLayerId;
  const { network, id } = edit.insertLayer(s.network, kind, after, analyze(s.network).inference);
  commit({ network, selectedLayerId: id });
  return id;
}

export function removeLayer(id: string): void {
  const s = useStore.getState();
  const idx = s.network.layers.findIndex((l) => l.id === id);
  if (idx < 0) return;
  const network = edit.removeLayer(s.network, id);
  const neighbour = network.layers[Math.min(idx, network.layers.length - 1)]?.id ?? null;
  const fixedWeights = s.fixedWeights ? { ...s.fixedWeights } : undefined;
  if (fixedWeights) delete fixedWeights[id];
  commit({
    network,
    fixedWeights,
    selectedLayerId: s.selectedLayerId === id ? neighbour : s.selectedLayerId,
  });
}

export function duplicateLayer(id: string): void {
  const s = useStore.getState();
  const { network, id: copy } = edit.duplicateLayer(s.network, id);
  if (copy === id) return;
  commit({ network, selectedLayerId: copy });
}

/** Moves a layer to a list position; `by` moves it relative to where it is (keyboard). */
export function moveLayer(id: string, to: number): void {
  const s = useStore.getState();
  const network = edit.moveLayer(s.network, id, to);
  if (network !== s.network) commit({ network });
}

export function moveLayerBy(id: string, by: number): void {
  const idx = useStore.getState().network.layers.findIndex((l) => l.id === id);
  if (idx >= 0) moveLayer(id, idx + by);
}

/** Changes settings of one layer; `field` names the control so a drag is one undo step. */
export function updateLayer(id: string, patch: Partial<Layer>, field = 'layer'): void {
  const s = useStore.getState();
  const network = edit.updateLayer(s.network, id, patch);
  if (network === s.network) return;
  // Hand-set weights of another shape no longer apply: drop them when the weight shape changes.
  const before = analyze(s.network).cost.layers.get(id)?.weights;
  const after = analyze(network).cost.layers.get(id)?.weights;
  let fixedWeights = s.fixedWeights;
  const own = fixedWeights?.[id];
  if (own?.weight && before !== after) {
    const rest: Record<string, FixedWeights> = { ...fixedWeights };
    if (own.seed !== undefined) rest[id] = { seed: own.seed };
    else delete rest[id];
    fixedWeights = rest;
  }
  commit({ network, fixedWeights }, `${id}.${field}`);
}

export function setInputSpec(patch: Partial<InputSpec>, field = 'input'): void {
  const s = useStore.getState();
  const network = edit.setInputSpec(s.network, patch);
  commit({ network, ...resizeNumericInput(s, network.input) }, `input.${field}`);
}
