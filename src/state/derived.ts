// Derived data, computed from the network and never stored twice: shapes, costs, receptive
// fields. Memoized on the network object, which the store replaces (never mutates) on edit.

import { networkCost, type NetworkCost } from '../core/cost';
import { inferShapes, type Inference } from '../core/infer';
import type { Network } from '../core/layers';
import { receptiveFields } from '../core/receptiveField';

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
