// Derived data, computed from the network and never stored twice: shapes, costs, receptive
// fields. Memoized on the network object, which the store replaces (never mutates) on edit.

import { networkCost, type NetworkCost } from '../core/cost';
import { inferShapes, type Inference } from '../core/infer';
import type { Layer, Network } from '../core/layers';
import type { FixedWeights } from '../core/presets/preset';
import { paramsFor, type LayerParams } from '../core/weights';
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

const paramCache = new WeakMap<
  Layer,
  { inputs: string; seed: number; fixed: FixedWeights | undefined; params: LayerParams }
>();

/**
 * A layer's parameters as the backends compute with them (core paramsFor), memoized on the layer
 * object, its input shape, the seed and its hand-set values: the filter view, the step view and
 * the weight edits share one copy, and an edit elsewhere in the network does not regenerate it.
 * Read-only: copy before changing.
 */
export function layerParamsOf(
  network: Network,
  seed: number,
  fixedWeights: Readonly<Record<string, FixedWeights>> | undefined,
  layerId: string,
): LayerParams | null {
  const ls = analyze(network).inference.byId.get(layerId);
  if (!ls || ls.status !== 'ok') return null;
  const fixed = fixedWeights?.[layerId];
  const inputs = ls.inputShapes.map((s) => s.join('×')).join('|');
  const hit = paramCache.get(ls.layer);
  if (hit && hit.inputs === inputs && hit.seed === seed && hit.fixed === fixed) return hit.params;
  const params = paramsFor(ls, seed, fixed);
  paramCache.set(ls.layer, { inputs, seed, fixed, params });
  return params;
}
