// The lock on a layer card: which layers have parameters, and freezing them for training.

import { commit } from './history';
import { useStore } from './store';

export const hasParams = (layer: { readonly kind: string; readonly affine?: boolean }): boolean =>
  layer.kind === 'conv2d' ||
  layer.kind === 'linear' ||
  layer.kind === 'batchNorm' ||
  (layer.kind === 'layerNorm' && layer.affine === true);

/** Locks or unlocks a layer's parameters for training (one undo step; not a network edit). */
export function toggleFrozen(id: string): void {
  const s = useStore.getState();
  const frozen = s.frozen.includes(id) ? s.frozen.filter((f) => f !== id) : [...s.frozen, id];
  commit({ frozen, edited: s.edited });
}
