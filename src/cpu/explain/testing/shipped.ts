// Test support: the shipped trained weights (public/weights/) read as the app reads them
// (named tensors checked against the network, then hand-set parameters), in Node.

import { readFileSync } from 'node:fs';
import { inferShapes } from '../../../core/infer';
import type { Network } from '../../../core/layers';
import { getPreset } from '../../../core/presets';
import { fixedLayerParams, type LayerParams } from '../../../core/weights';
import { tensorsToFixed } from '../../../core/weightsFile/namedWeights';
import { decodeSafetensors } from '../../../core/weightsFile/safetensors';

const DIR = new URL('../../../../public/weights/', import.meta.url);

export function shippedModel(
  preset: 'lenet5' | 'tinyvgg',
  file: string,
): { network: Network; params: Record<string, LayerParams> } {
  const network = getPreset(preset)!.network;
  const tensors = decodeSafetensors(new Uint8Array(readFileSync(new URL(file, DIR)))).tensors;
  const inference = inferShapes(network);
  const fixed = tensorsToFixed(inference, tensors);
  const params: Record<string, LayerParams> = {};
  for (const ls of inference.layers)
    if (ls.status === 'ok' && fixed[ls.id]) params[ls.id] = fixedLayerParams(ls, fixed[ls.id]);
  return { network, params };
}

export const tinyVggColors = () => shippedModel('tinyvgg', 'tinyvgg-colors.safetensors');
