// The parameters of the network on screen, by layer id, exactly as the views and backends
// compute with them: shipped trained weights (when chosen) under the hand-set values, over the
// seeded ones (state/shippedWeights.ts, core paramsFor). The one place the exports (ONNX,
// PyTorch weights) read them from. While trained weights are still on their way, or failed,
// it refuses in words rather than export random ones.

import type { OkShape } from '../core/infer';
import type { LayerParams } from '../core/weights';
import { analyze, layerParamsOf } from './derived';
import { effectiveWeights, weightsEntry } from './shippedWeights';
import { useStore, type AppState } from './store';

export function currentParams(s: AppState = useStore.getState()): Record<string, LayerParams> {
  const entry = weightsEntry(s);
  if (entry?.status === 'loading')
    throw new Error('the trained weights are still loading; try again in a moment');
  if (entry?.status === 'error') throw new Error(entry.message);
  const weights = effectiveWeights(s);
  const out: Record<string, LayerParams> = {};
  for (const ls of analyze(s.network).inference.layers) {
    if (ls.status !== 'ok') continue;
    const p = layerParamsOf(s.network, s.seed, weights, (ls as OkShape).id);
    if (p && Object.keys(p).length > 0) out[ls.id] = p;
  }
  return out;
}
