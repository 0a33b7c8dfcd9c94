// A layer's filters: type a value, apply a classic kernel, re-initialize from a new seed.
// Edits are stored as the layer's FixedWeights, which both backends read (core/weights.ts). A typed
// weight is one [index, value] pair over the seeded (or hand-set) weights, never a copy of the
// layer: one value typed into VGG-16's 2.4 M-weight conv5_3 stores two numbers, not 2.4 M.

import { CLASSIC_KERNELS } from '../core/kernels';
import { LIMITS } from '../core/limits';
import type { FixedWeights } from '../core/presets/preset';
import { valueRefusal } from '../core/share/storable';
import { paramDims } from '../core/weightRemap';
import { analyze, layerParamsOf } from './derived';
import { commit } from './history';
import { effectiveWeights } from './shippedWeights';
import { useStore } from './store';

/** The weights the backends compute with for a layer, or null if it has none (or is broken). */
export function currentWeights(layerId: string): Float32Array | null {
  const s = useStore.getState();
  return layerParamsOf(s.network, s.seed, effectiveWeights(s), layerId)?.weight ?? null;
}

/** Writes single weights as edits over the layer's weights; one undo step per `key` run. */
function editWeights(
  layerId: string,
  edits: readonly (readonly [number, number])[],
  key: string | null,
): void {
  const s = useStore.getState();
  const ls = analyze(s.network).inference.byId.get(layerId);
  if (!ls || ls.status !== 'ok') return;
  const prev: FixedWeights = s.fixedWeights?.[layerId] ?? {};
  const merged = new Map(prev.weightEdits ?? []);
  for (const [i, v] of edits) merged.set(i, v);
  const fixed: FixedWeights = {
    ...prev,
    weightEdits: [...merged],
    weightDims: paramDims(ls).weight,
  };
  commit({ fixedWeights: { ...s.fixedWeights, [layerId]: fixed } }, key);
}

/**
 * Sets one weight; `index` is into [C_out, C_in/G, K_h, K_w] row-major. Returns why it was
 * refused (no such weight, not a finite float32), or null. Costs O(typed weights), never a copy
 * of the layer: the weights themselves are not materialized here.
 */
export function setWeight(layerId: string, index: number, value: number): string | null {
  const s = useStore.getState();
  const ls = analyze(s.network).inference.byId.get(layerId);
  const dims = ls?.status === 'ok' ? paramDims(ls).weight : undefined;
  if (!dims) return `layer '${layerId}' has no weights to set`;
  const count = dims.reduce((a, b) => a * b, 1);
  if (!Number.isInteger(index) || index < 0 || index >= count)
    return `layer '${layerId}' has ${count} weights; there is no weight ${index}`;
  const bad = valueRefusal(value);
  if (bad) return bad;
  const typed = s.fixedWeights?.[layerId]?.weightEdits?.find(([i]) => i === index);
  if (typed && Math.fround(typed[1]) === Math.fround(value)) return null;
  editWeights(layerId, [[index, value]], `${layerId}.w${index}`);
  return null;
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
  const inPerGroup = perOut / 9;
  if (!Number.isInteger(out) || out < 0 || out >= ls.layer.outChannels) return false;
  if (!Number.isInteger(inCh) || inCh < 0 || inCh >= inPerGroup) return false;
  const at = out * perOut + inCh * 9;
  editWeights(
    layerId,
    k.values.map((v, i) => [at + i, v] as const),
    null,
  );
  return true;
}

/**
 * Fresh random weights for one layer from a new (shown) seed; hand edits are dropped. Returns the
 * seed, or null when refused (no such layer, a seed that is not a whole number in range).
 */
export function reinitLayer(
  layerId: string,
  seed = Math.floor(Math.random() * 1e6),
): number | null {
  const s = useStore.getState();
  if (!s.network.layers.some((l) => l.id === layerId)) return null;
  if (!Number.isInteger(seed) || seed < 0 || seed > LIMITS.seedMax) return null;
  commit({ fixedWeights: { ...s.fixedWeights, [layerId]: { seed } } });
  return seed;
}

/** The network seed: every layer without its own seed or hand edits is initialized from it. */
export function setNetworkSeed(seed: number): void {
  if (!Number.isInteger(seed) || seed < 0 || seed > LIMITS.seedMax) return;
  commit({ seed }, 'seed');
}

/** The seed a layer is initialized from. */
export function layerSeedOf(layerId: string): number {
  const s = useStore.getState();
  return s.fixedWeights?.[layerId]?.seed ?? s.seed;
}
