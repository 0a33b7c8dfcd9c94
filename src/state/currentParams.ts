// The parameters of the network on screen, by layer id, exactly as the views and backends
// compute with them (core paramsFor: hand-set values over the seeded ones). The one place the
// exports (ONNX, PyTorch weights) read them from: where the store gains other sources of
// weights (shipped trained ones), this function is what changes.

import type { OkShape } from '../core/infer';
import { paramsFor, type LayerParams } from '../core/weights';
import { analyze } from './derived';
import { useStore, type AppState } from './store';

export function currentParams(s: AppState = useStore.getState()): Record<string, LayerParams> {
  const out: Record<string, LayerParams> = {};
  for (const ls of analyze(s.network).inference.layers) {
    if (ls.status !== 'ok') continue;
    const p = paramsFor(ls as OkShape, s.seed, s.fixedWeights?.[ls.id]);
    if (Object.keys(p).length > 0) out[ls.id] = p;
  }
  return out;
}
