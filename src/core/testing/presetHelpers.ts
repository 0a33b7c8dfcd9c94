// Shared lookups for the preset tests.
import { networkCost } from '../cost';
import { inferShapes, type OkShape } from '../infer';
import { getPreset } from '../presets/index';
import type { Preset } from '../presets/preset';

export const preset = (id: string): Preset => {
  const p = getPreset(id);
  if (!p) throw new Error(`no preset '${id}'`);
  return p;
};

export const okLayer = (p: Preset, id: string): OkShape => {
  const ls = inferShapes(p.network).byId.get(id);
  if (!ls || ls.status !== 'ok')
    throw new Error(`${p.id}: layer '${id}' is ${ls?.status ?? 'missing'}`);
  return ls;
};

/** C×H×W (or features) of a layer's output, without the batch. */
export const shapeOf = (p: Preset, id: string) => okLayer(p, id).shape.slice(1);

export const lastShape = (p: Preset) => {
  const inf = inferShapes(p.network);
  const last = inf.layers[inf.layers.length - 1] as OkShape;
  return last.shape;
};

export const cost = (p: Preset) => networkCost(inferShapes(p.network));
