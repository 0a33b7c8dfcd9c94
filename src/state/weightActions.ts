// A conv layer's filters: type a value, apply a classic kernel, re-initialize from a new seed.
// Edits are stored as the layer's FixedWeights, which both backends read (core/weights.ts).

import { CLASSIC_KERNELS } from '../core/kernels';
import { analyze, layerParamsOf } from './derived';
import { commit } from './history';
import { useStore } from './store';

/** The weights the backends compute with for a layer, or null if it has none (or is broken). */
export function currentWeights(layerId: string): Float32Array | null {
  const s = useStore.getState();
  return layerParamsOf(s.network, s.seed, s.fixedWeights, layerId)?.weight ?? null;
}

function setWeights(layerId: string, weight: number[], key: string | null): void {
  const s = useStore.getState();
  const prev = s.fixedWeights?.[layerId];
  commit({ fixedWeights: { ...s.fixedWeights, [layerId]: { ...prev, weight } } }, key);
}

/** Sets one weight; `index` is into [C_out, C_in/G, K_h, K_w] row-major. */
export function setWeight(layerId: string, index: number, value: number): void {
  const w = currentWeights(layerId);
  if (!w || index < 0 || index >= w.length || !Number.isFinite(value)) return;
  if (w[index] === Math.fround(value)) return;
  const weight = Array.from(w);
  weight[index] = value;
  setWeights(layerId, weight, `${layerId}.w${index}`);
}

/** Writes a classic 3×3 kernel into filter (out, in) of a conv layer with a 3×3 kernel. */
export function applyClassicKernel(
  layerId: string,
  out: number,
  inCh: number,
  kernelId: string,
): boolean {
  const s = useStore.getState();
  const ls = analyze(s.network).inference.byId.get(layerId);
  const k = CLASSIC_KERNELS.find((c) => c.id === kernelId);
  const w = currentWeights(layerId);
  if (!ls || ls.status !== 'ok' || ls.layer.kind !== 'conv2d' || !k || !w) return false;
  const [kh, kw] = ls.layer.kernel;
  if (kh !== 3 || kw !== 3) return false;
  const perOut = w.length / ls.layer.outChannels;
  const weight = Array.from(w);
  weight.splice(out * perOut + inCh * 9, 9, ...k.values);
  setWeights(layerId, weight, null);
  return true;
}

/** Fresh random weights for one layer from a new (shown) seed; hand edits are dropped. */
export function reinitLayer(layerId: string, seed = Math.floor(Math.random() * 1e6)): number {
  const s = useStore.getState();
  commit({ fixedWeights: { ...s.fixedWeights, [layerId]: { seed } } });
  return seed;
}

/** The network seed: every layer without its own seed or hand edits is initialized from it. */
export function setNetworkSeed(seed: number): void {
  if (!Number.isInteger(seed) || seed < 0) return;
  commit({ seed }, 'seed');
}

/** The seed a layer is initialized from. */
export function layerSeedOf(layerId: string): number {
  const s = useStore.getState();
  return s.fixedWeights?.[layerId]?.seed ?? s.seed;
}
