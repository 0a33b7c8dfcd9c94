// Where a forward request's parameters come from: a layer's hand-set values when the request has
// them, else the seeded initialization. Shared by the CPU and GPU backends so both compute with
// exactly the same weights.

import type { OkShape } from '../core/infer';
import { paramsFor, type LayerParams } from '../core/weights';
import type { ForwardRequest } from './backend';

export function layerParams(request: ForwardRequest) {
  return (ls: OkShape): LayerParams => {
    return paramsFor(ls, request.seed, request.fixedWeights?.[ls.id]);
  };
}
