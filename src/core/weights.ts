// Learnable parameters of one layer and their seeded initialization (He/Kaiming, Xavier).
// Each layer's generator is seeded from the network seed and the layer's id, so editing one
// layer never changes the weights of another.

import type { OkShape } from './infer';
import { createRng, hashString, type Rng } from './rng';
import type { FixedWeights } from './presets/preset';
import { fitFixed } from './weightRemap';

export type InitScheme = 'he' | 'xavier';

/** Conv weight [C_out, C_in/G, K_h, K_w]; linear weight [out, in]; norms per channel/element. */
export interface LayerParams {
  readonly weight?: Float32Array;
  readonly bias?: Float32Array;
  readonly gamma?: Float32Array;
  readonly beta?: Float32Array;
  readonly runningMean?: Float32Array;
  readonly runningVar?: Float32Array;
}

export const layerSeed = (networkSeed: number, layerId: string): number =>
  (hashString(layerId) ^ Math.imul(networkSeed >>> 0, 0x9e3779b1)) >>> 0;

/** He (Kaiming) normal: std = sqrt(2 / fan_in), suited to ReLU networks. */
function heNormal(rng: Rng, n: number, fanIn: number): Float32Array {
  const std = Math.sqrt(2 / fanIn);
  const w = new Float32Array(n);
  for (let i = 0; i < n; i++) w[i] = rng.normal() * std;
  return w;
}

/** Xavier (Glorot) uniform: U(-a, a), a = sqrt(6 / (fan_in + fan_out)). */
function xavierUniform(rng: Rng, n: number, fanIn: number, fanOut: number): Float32Array {
  const a = Math.sqrt(6 / (fanIn + fanOut));
  const w = new Float32Array(n);
  for (let i = 0; i < n; i++) w[i] = (rng.next() * 2 - 1) * a;
  return w;
}

const filled = (n: number, v: number) => new Float32Array(n).fill(v);

/** Fresh parameters for an inferred layer; layers without parameters get {}. */
export function initLayerParams(
  ls: OkShape,
  networkSeed: number,
  scheme: InitScheme = 'he',
): LayerParams {
  const rng = createRng(layerSeed(networkSeed, ls.id));
  const { layer, inputShapes } = ls;
  const x = inputShapes[0];
  const draw = (n: number, fanIn: number, fanOut: number) =>
    scheme === 'he' ? heNormal(rng, n, fanIn) : xavierUniform(rng, n, fanIn, fanOut);
  switch (layer.kind) {
    case 'conv2d': {
      const taps = layer.kernel[0] * layer.kernel[1];
      const fanIn = (x[1] / layer.groups) * taps;
      const weight = draw(layer.outChannels * fanIn, fanIn, layer.outChannels * taps);
      return { weight, ...(layer.bias ? { bias: new Float32Array(layer.outChannels) } : {}) };
    }
    case 'linear': {
      const weight = draw(layer.outFeatures * x[1], x[1], layer.outFeatures);
      return { weight, ...(layer.bias ? { bias: new Float32Array(layer.outFeatures) } : {}) };
    }
    case 'batchNorm': {
      const c = x[1];
      return {
        gamma: filled(c, 1),
        beta: filled(c, 0),
        runningMean: filled(c, 0),
        runningVar: filled(c, 1),
      };
    }
    case 'layerNorm': {
      if (!layer.affine) return {};
      const n = x.slice(1).reduce((a, b) => a * b, 1);
      return { gamma: filled(n, 1), beta: filled(n, 0) };
    }
    default:
      return {};
  }
}

const PARAM_NAMES = ['weight', 'bias', 'gamma', 'beta', 'runningMean', 'runningVar'] as const;

/**
 * Parameters with hand-set values (a preset's kernel, an edited filter): each given field replaces
 * the initial one and must have its length; a field the layer does not have is refused.
 */
export function fixedLayerParams(ls: OkShape, fixed: FixedWeights, networkSeed = 0): LayerParams {
  const init: Record<string, Float32Array | undefined> = {
    ...initLayerParams(ls, fixed.seed ?? networkSeed),
  };
  const out: Record<string, Float32Array> = {};
  for (const name of PARAM_NAMES) {
    const given = fixed[name];
    const base = init[name];
    if (given === undefined) {
      if (base) out[name] = name === 'bias' && fixed.weight ? new Float32Array(base.length) : base;
      continue;
    }
    if (!base || base.length !== given.length) {
      throw new RangeError(
        `layer '${ls.id}' needs ${base?.length ?? 0} ${name} values, the preset gives ${given.length}`,
      );
    }
    out[name] = Float32Array.from(given);
  }
  return out as LayerParams;
}

/**
 * A layer's parameters as every backend and view sees them: hand-set values, else seeded. Hand-set
 * arrays that do not fit the layer (a file made for another shape) give way to the seeded ones;
 * the store carries typed values across its own edits (weightRemap.ts).
 */
export function paramsFor(ls: OkShape, networkSeed: number, fixed?: FixedWeights): LayerParams {
  if (!fixed) return initLayerParams(ls, networkSeed);
  const seed = fixed.seed ?? networkSeed;
  const fitted = fitFixed(ls, fixed, () => initLayerParams(ls, seed)).fixed ?? { seed };
  const base = baseParamsFor(ls, networkSeed, fitted);
  return fitted.weightEdits?.length ? applyWeightEdits(base, fitted.weightEdits) : base;
}

/** The parameters before the single typed weights: hand-set arrays over the seeded ones. */
export function baseParamsFor(ls: OkShape, networkSeed: number, fixed: FixedWeights): LayerParams {
  const init: Record<string, Float32Array | undefined> = {
    ...initLayerParams(ls, fixed.seed ?? networkSeed),
  };
  const fitting: Record<string, unknown> = { ...fixed };
  delete fitting.weightEdits;
  delete fitting.weightDims;
  for (const name of PARAM_NAMES) {
    const given = fixed[name];
    if (given && given.length !== init[name]?.length) delete fitting[name];
  }
  return fixedLayerParams(ls, fitting as FixedWeights, networkSeed);
}

/** A copy of `params` with single weights replaced; edits outside the array are ignored. */
export function applyWeightEdits(
  params: LayerParams,
  edits: readonly (readonly [number, number])[],
): LayerParams {
  if (!params.weight) return params;
  const weight = params.weight.slice();
  for (const [i, v] of edits) if (i >= 0 && i < weight.length) weight[i] = v;
  return { ...params, weight };
}
