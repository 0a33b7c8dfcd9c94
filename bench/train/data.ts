// What every implementation of a case starts from: the same few batches of the procedural shapes
// set (cycled through the steps), and the same initial parameters (our seeded initialization;
// the TensorFlow.js peer gets them converted to its layout, ConvNetJS uses its own).

import { gatherBatch } from '../../src/core/data/dataset';
import { shapesDataset } from '../../src/core/data/shapes';
import { inferShapes, type OkShape } from '../../src/core/infer';
import type { Network } from '../../src/core/layers';
import { initLayerParams, type LayerParams } from '../../src/core/weights';
import type { TrainBatch } from '../../src/train/engine';

/** Distinct batches per case; step k uses batch k mod BATCHES. */
export const BATCHES = 4;

/** BATCHES batches of `network.input.n` shapes at the network's input size and channels. */
export function makeBatches(network: Network, seed: number): TrainBatch[] {
  const { n, c, h, w } = network.input;
  if (h !== w) throw new Error('the shapes set draws square images');
  if (c !== 1 && c !== 3) throw new Error('the shapes set draws 1 or 3 channels');
  const data = shapesDataset({ size: h, count: n * BATCHES, seed, channels: c });
  return Array.from({ length: BATCHES }, (_, b) => {
    const idx = Int32Array.from({ length: n }, (_, i) => b * n + i);
    const { images, labels } = gatherBatch(data, idx);
    return { n, images, labels };
  });
}

/** Our initial parameters for every layer that has some (He normal, biases 0). */
export function initialParams(network: Network, seed: number): Record<string, LayerParams> {
  const out: Record<string, LayerParams> = {};
  for (const ls of inferShapes(network).layers) {
    if (ls.status !== 'ok') throw new Error(`layer '${ls.id}' is not valid`);
    const p = initLayerParams(ls as OkShape, seed);
    if (Object.keys(p).length > 0) out[ls.id] = p;
  }
  return out;
}
