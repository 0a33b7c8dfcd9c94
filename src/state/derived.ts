// Derived data, computed from the network and never stored twice: shapes, costs, receptive
// fields. Memoized on the network object, which the store replaces (never mutates) on edit.

import { networkCost, type NetworkCost } from '../core/cost';
import { inferShapes, type Inference } from '../core/infer';
import type { Layer, Network } from '../core/layers';
import type { FixedWeights } from '../core/presets/preset';
import {
  applyWeightEdits,
  baseParamsFor,
  initLayerParams,
  paramsFor,
  type LayerParams,
} from '../core/weights';
import { fitFixed } from '../core/weightRemap';
import { receptiveFields } from '../core/receptiveField';
import { unitField, type UnitField, type UnitRef } from '../core/unitField';

export interface Analysis {
  readonly inference: Inference;
  readonly cost: NetworkCost;
  readonly rf: ReturnType<typeof receptiveFields>;
}

const cache = new WeakMap<Network, Analysis>();

export function analyze(network: Network): Analysis {
  let a = cache.get(network);
  if (!a) {
    const inference = inferShapes(network);
    a = { inference, cost: networkCost(inference), rf: receptiveFields(inference) };
    cache.set(network, a);
  }
  return a;
}

const fields = new WeakMap<Network, Map<string, UnitField>>();

/** A unit's exact receptive field through every upstream layer (memoized per network). */
export function fieldOf(network: Network, unit: UnitRef): UnitField {
  let byUnit = fields.get(network);
  if (!byUnit) fields.set(network, (byUnit = new Map()));
  const key = `${unit.layerId}|${unit.c}|${unit.y}|${unit.x}`;
  let f = byUnit.get(key);
  if (!f) {
    f = unitField(network, analyze(network).inference, unit);
    if (byUnit.size > 64) byUnit.clear();
    byUnit.set(key, f);
  }
  return f;
}

interface ParamEntry {
  readonly inputs: string;
  readonly seed: number;
  /** The hand-set arrays (by identity) and seed the base was made from, without single edits. */
  readonly baseKey: readonly unknown[];
  readonly base: LayerParams;
  readonly fixed: FixedWeights | undefined;
  readonly params: LayerParams;
}
const paramCache = new WeakMap<Layer, ParamEntry>();

const baseKeyOf = (f: FixedWeights | undefined): unknown[] =>
  f
    ? [f.seed, f.weight, f.bias, f.gamma, f.beta, f.runningMean, f.runningVar, f.weightDims?.join()]
    : [];

/**
 * A layer's parameters as the backends compute with them (core paramsFor), memoized on the layer
 * object, its input shape, the seed and its hand-set values: the filter view, the step view and
 * the weight edits share one copy, and an edit elsewhere in the network does not regenerate it.
 * A typed weight only copies the layer's base weights and applies its edits: the seeded weights
 * (2.4 M normal draws for VGG-16's conv5_3) are not drawn again. Read-only: copy before changing.
 */
export function layerParamsOf(
  network: Network,
  seed: number,
  fixedWeights: Readonly<Record<string, FixedWeights>> | undefined,
  layerId: string,
): LayerParams | null {
  const ls = analyze(network).inference.byId.get(layerId);
  if (!ls || ls.status !== 'ok') return null;
  const given = fixedWeights?.[layerId];
  const inputs = ls.inputShapes.map((s) => s.join('×')).join('|');
  const hit = paramCache.get(ls.layer);
  if (hit && hit.inputs === inputs && hit.seed === seed && hit.fixed === given) return hit.params;
  if (!given) {
    const params = paramsFor(ls, seed);
    paramCache.set(ls.layer, { inputs, seed, baseKey: [], base: params, fixed: given, params });
    return params;
  }
  const layerSeed = given.seed ?? seed;
  const fixed = fitFixed(ls, given, () => initLayerParams(ls, layerSeed)).fixed ?? {
    seed: layerSeed,
  };
  const baseKey = baseKeyOf(fixed);
  const sameBase =
    hit &&
    hit.inputs === inputs &&
    hit.seed === seed &&
    hit.baseKey.length === baseKey.length &&
    hit.baseKey.every((k, i) => k === baseKey[i]);
  const base = sameBase ? hit.base : baseParamsFor(ls, seed, fixed);
  const params = fixed.weightEdits?.length ? applyWeightEdits(base, fixed.weightEdits) : base;
  paramCache.set(ls.layer, { inputs, seed, baseKey, base, fixed: given, params });
  return params;
}
