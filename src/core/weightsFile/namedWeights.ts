// A network's parameters as named tensors, in the app's own naming: '<layer id>.<field>' with
// field one of weight, bias, gamma, beta, runningMean, runningVar, and the op's layout as shape
// (conv weight [C_out, C_in/G, K_h, K_w], linear [out, in], norms per channel or element). The
// shipped trained weights use it; reading checks every name and length against the network.

import type { Inference, OkShape } from '../infer';
import type { FixedWeights } from '../presets/preset';
import { initLayerParams, type LayerParams } from '../weights';
import type { NamedTensor } from './safetensors';

export const PARAM_FIELDS = [
  'weight',
  'bias',
  'gamma',
  'beta',
  'runningMean',
  'runningVar',
] as const;
export type ParamField = (typeof PARAM_FIELDS)[number];

/** The shape of one parameter array of a layer (the weight's op layout; vectors otherwise). */
export function paramShape(ls: OkShape, field: ParamField, length: number): number[] {
  const { layer } = ls;
  if (field === 'weight' && layer.kind === 'conv2d')
    return [layer.outChannels, ls.inputShapes[0][1] / layer.groups, ...layer.kernel];
  if (field === 'weight' && layer.kind === 'linear')
    return [layer.outFeatures, ls.inputShapes[0][1]];
  if (layer.kind === 'layerNorm') return ls.inputShapes[0].slice(1);
  return [length];
}

/** Every parameter array of `params` (by layer id) as a named tensor, in layer order. */
export function paramsToTensors(
  inference: Inference,
  params: Readonly<Record<string, LayerParams>>,
): NamedTensor[] {
  const out: NamedTensor[] = [];
  for (const ls of inference.layers) {
    if (ls.status !== 'ok') continue;
    const p = params[ls.id];
    if (!p) continue;
    for (const field of PARAM_FIELDS) {
      const data = p[field];
      if (data)
        out.push({ name: `${ls.id}.${field}`, shape: paramShape(ls, field, data.length), data });
    }
  }
  return out;
}

export class WeightsMismatchError extends Error {
  override readonly name = 'WeightsMismatchError';
}

/** How many values each parameter array of a layer holds (none: the layer has no parameters). */
export function fieldLengths(ls: OkShape): Partial<Record<ParamField, number>> {
  const init = initLayerParams(ls, 0);
  const out: Partial<Record<ParamField, number>> = {};
  for (const f of PARAM_FIELDS) if (init[f]) out[f] = init[f].length;
  return out;
}

/**
 * Named tensors as hand-set parameters of `inference`'s layers. A name with no such layer or
 * field, a wrong length, or a layer with parameters that gets none is refused, naming it.
 */
export function tensorsToFixed(
  inference: Inference,
  tensors: readonly NamedTensor[],
): Record<string, FixedWeights> {
  const byId = new Map(
    inference.layers.filter((l) => l.status === 'ok').map((l) => [l.id, l as OkShape]),
  );
  const out: Record<string, Record<string, number[]>> = {};
  for (const t of tensors) {
    const dot = t.name.lastIndexOf('.');
    const id = t.name.slice(0, dot);
    const field = t.name.slice(dot + 1) as ParamField;
    const ls = byId.get(id);
    if (!ls)
      throw new WeightsMismatchError(
        `the weights name layer '${id}', which this network does not have`,
      );
    const want = fieldLengths(ls)[field];
    if (want === undefined)
      throw new WeightsMismatchError(`layer '${id}' has no ${field} (the weights give one)`);
    if (want !== t.data.length)
      throw new WeightsMismatchError(
        `layer '${id}' needs ${want} ${field} values, the weights give ${t.data.length}`,
      );
    (out[id] ??= {})[field] = Array.from(t.data);
  }
  for (const ls of byId.values()) {
    const want = Object.keys(fieldLengths(ls));
    const got = Object.keys(out[ls.id] ?? {});
    const missing = want.filter((f) => !got.includes(f));
    if (missing.length > 0)
      throw new WeightsMismatchError(
        `the weights give no ${missing.join(', ')} for layer '${ls.id}'`,
      );
  }
  return out;
}
