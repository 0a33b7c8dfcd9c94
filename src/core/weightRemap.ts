// Hand-set parameters across a change of shape. When an edit changes the shape of a layer's
// parameters (a conv's kernel 3×3 → 5×5, its filter count, the channels reaching it), the values
// the student typed are kept where they still fit instead of being thrown away: kernels are
// cropped or padded around their centre, other axes keep their leading part. New positions of a
// fully hand-set kernel or matrix are 0 (a typed edge detector stays an edge detector); new
// positions of other arrays take the layer's initial values (γ = 1, β = 0, …). Sparse weight
// edits (FixedWeights.weightEdits) move with their positions and are dropped where they no
// longer fit. Each change is described in one sentence for the notice.

import type { OkShape } from './infer';
import type { FixedWeights } from './presets/preset';
import type { LayerParams } from './weights';

type ParamName = 'weight' | 'bias' | 'gamma' | 'beta' | 'runningMean' | 'runningVar';
const NAMES: readonly ParamName[] = [
  'weight',
  'bias',
  'gamma',
  'beta',
  'runningMean',
  'runningVar',
];

/** Dimensions of each parameter array of a layer, and which of them are kernel axes. */
export function paramDims(ls: OkShape): Partial<Record<ParamName, readonly number[]>> {
  const { layer, inputShapes } = ls;
  const x = inputShapes[0];
  switch (layer.kind) {
    case 'conv2d':
      return {
        weight: [layer.outChannels, x[1] / layer.groups, layer.kernel[0], layer.kernel[1]],
        ...(layer.bias ? { bias: [layer.outChannels] } : {}),
      };
    case 'linear':
      return {
        weight: [layer.outFeatures, x[1]],
        ...(layer.bias ? { bias: [layer.outFeatures] } : {}),
      };
    case 'batchNorm':
      return { gamma: [x[1]], beta: [x[1]], runningMean: [x[1]], runningVar: [x[1]] };
    case 'layerNorm':
      return layer.affine ? { gamma: x.slice(1), beta: x.slice(1) } : {};
    default:
      return {};
  }
}

const sameDims = (a: readonly number[], b: readonly number[]) =>
  a.length === b.length && a.every((v, i) => v === b[i]);

const count = (dims: readonly number[]) => dims.reduce((a, b) => a * b, 1);

/** Per axis, what to add to an old coordinate to get the new one (kernel axes stay centred). */
function offsets(from: readonly number[], to: readonly number[], kernelAxes: number): number[] {
  return from.map((f, i) => (i >= from.length - kernelAxes ? Math.floor((to[i] - f) / 2) : 0));
}

/** The new flat index of old flat index `i`, or -1 where it no longer fits. */
function moveIndex(
  i: number,
  from: readonly number[],
  to: readonly number[],
  shift: readonly number[],
): number {
  let rest = i;
  const coord = new Array<number>(from.length);
  for (let d = from.length - 1; d >= 0; d--) {
    coord[d] = rest % from[d];
    rest = Math.floor(rest / from[d]);
  }
  let out = 0;
  for (let d = 0; d < to.length; d++) {
    const c = coord[d] + shift[d];
    if (c < 0 || c >= to[d]) return -1;
    out = out * to[d] + c;
  }
  return out;
}

function fmtDims(dims: readonly number[]): string {
  return dims.join('×');
}

export interface RemapResult {
  /** The layer's hand-set values for its new shape (undefined: nothing hand-set is left). */
  readonly fixed: FixedWeights | undefined;
  /** What happened to the typed values, or null when nothing hand-set changed. */
  readonly note: string | null;
}

export type ParamDims = Partial<Record<ParamName, readonly number[]>>;

/**
 * The dims the hand-set values were made for: `weightDims` for the weight (and its edits), else
 * `fallback` (the layer's shape before an edit) where the array fits it, else the current dims
 * `to` where it fits them, else a 1-D array of its length (a weight of unknown layout that fits
 * nothing is left out: it gives way to the seeded weights).
 */
export function dimsOfFixed(fixed: FixedWeights, to: ParamDims, fallback?: ParamDims): ParamDims {
  const out: Record<string, readonly number[]> = {};
  for (const name of NAMES) {
    const given = fixed[name];
    const fits = (d: readonly number[] | undefined): d is readonly number[] =>
      d !== undefined && (given === undefined || given.length === count(d));
    if (name === 'weight' && fixed.weightDims) out[name] = fixed.weightDims;
    else if (fits(fallback?.[name])) out[name] = fallback![name]!;
    else if (fits(to[name])) out[name] = to[name]!;
    else if (given !== undefined && name !== 'weight') out[name] = [given.length];
  }
  return out;
}

/**
 * Carries a layer's hand-set values from the dims they were made for (`from`) to the layer's dims
 * now (`to`). `initial` gives the layer's initial values in the new shape (for the new positions
 * of arrays other than a kernel or matrix). Returns `fixed` itself when nothing changed shape.
 */
export function remapFixed(
  fixed: FixedWeights,
  from: ParamDims,
  to: ParamDims,
  kernelAxes: number,
  initial: () => LayerParams,
  layerId: string,
): RemapResult {
  const hasValues = (n: ParamName) =>
    fixed[n] !== undefined || (n === 'weight' && (fixed.weightEdits?.length ?? 0) > 0);
  const changed = NAMES.filter(
    (n) => hasValues(n) && from[n] && to[n] && !sameDims(from[n]!, to[n]!),
  );
  const gone = NAMES.filter((n) => hasValues(n) && (!to[n] || !from[n]));
  if (changed.length === 0 && gone.length === 0) {
    const dims = to.weight;
    const needDims = hasValues('weight') && dims && !fixed.weightDims;
    return { fixed: needDims ? { ...fixed, weightDims: dims } : fixed, note: null };
  }
  let init: LayerParams | null = null;
  const out: Record<string, unknown> = { ...fixed };
  const parts: string[] = [];
  for (const name of gone) {
    delete out[name];
    if (name === 'weight') {
      delete out.weightEdits;
      delete out.weightDims;
    }
    if (to[name])
      parts.push(`its hand-set ${name} no longer fits and gives way to the initial values`);
    else parts.push(`it has no ${name} any more, so its hand-set ${name} values are gone`);
  }
  for (const name of changed) {
    // Arrays of another rank (a file's flat γ for layer norm's C×H×W) keep their leading part.
    const flat = from[name]!.length !== to[name]!.length;
    const a = flat ? [count(from[name]!)] : from[name]!;
    const b = flat ? [count(to[name]!)] : to[name]!;
    const shift = offsets(a, b, name === 'weight' ? kernelAxes : 0);
    const given = fixed[name];
    if (given !== undefined && given.length === count(a)) {
      const fill = name === 'weight' || name === 'bias' ? null : (init ??= initial())[name];
      const next = new Array<number>(count(b));
      for (let i = 0; i < next.length; i++) next[i] = fill ? fill[i] : 0;
      let kept = 0;
      for (let i = 0; i < given.length; i++) {
        const j = moveIndex(i, a, b, shift);
        if (j >= 0) {
          next[j] = given[i];
          kept++;
        }
      }
      out[name] = next;
      const added = next.length - kept;
      parts.push(
        `${name} ${fmtDims(a)} → ${fmtDims(b)}: kept ${kept} of ${given.length} hand-set values` +
          (added > 0
            ? `, the ${added} new ones set to ${fill ? 'their initial values' : '0'}`
            : ''),
      );
    } else if (given !== undefined) {
      delete out[name];
    }
    if (name === 'weight') {
      out.weightDims = b;
      const edits = fixed.weightEdits ?? [];
      if (edits.length > 0) {
        const moved: [number, number][] = [];
        for (const [i, v] of edits) {
          const j = moveIndex(i, a, b, shift);
          if (j >= 0) moved.push([j, v]);
        }
        if (moved.length > 0) out.weightEdits = moved;
        else delete out.weightEdits;
        parts.push(
          `weights ${fmtDims(a)} → ${fmtDims(b)}: kept ${moved.length} of ${edits.length} typed weights` +
            (kernelAxes > 0 ? ' (placed around the kernel centre)' : ''),
        );
      }
    }
  }
  const keys = Object.keys(out).filter((k) => out[k] !== undefined && k !== 'weightDims');
  return {
    fixed: keys.length > 0 ? (out as FixedWeights) : undefined,
    note: parts.length > 0 ? `'${layerId}': ${parts.join('; ')}` : null,
  };
}

/** A layer's hand-set values fitted to its current shape (see remapFixed). */
export function fitFixed(
  ls: OkShape,
  fixed: FixedWeights,
  initial: () => LayerParams,
  fallback?: ParamDims,
): RemapResult {
  const to = paramDims(ls);
  const kernelAxes = ls.layer.kind === 'conv2d' ? 2 : 0;
  return remapFixed(fixed, dimsOfFixed(fixed, to, fallback), to, kernelAxes, initial, ls.id);
}
