// Shape arithmetic computed at import: exporters write small chains of nodes that only compute
// constants — the pads of a reflection Pad (Constant → ConstantOfShape → Concat → Reshape →
// Slice → Transpose → Reshape → Cast), the [N, -1] of x.view(x.size(0), -1) (Shape → Gather →
// Unsqueeze → Concat). Every input of such a node is known, so it is evaluated here and the
// node leaves no layer. Sizes are the tensors' own (checked against the limits).

import type { onnx } from 'onnx-proto';
import { LIMITS } from '../limits';
import { nodeLabel, OnnxError } from './errors';
import {
  attrFloat,
  attrInt,
  attrInts,
  attrTensor,
  attributesOf,
  checkedDims,
  readTensor,
  type ConstTensor,
} from './tensors';

/** The node types this module evaluates when all their inputs are constants. */
export const CONSTANT_OPS = [
  'Constant',
  'ConstantOfShape',
  'Shape',
  'Gather',
  'Unsqueeze',
  'Squeeze',
  'Concat',
  'Reshape',
  'Slice',
  'Transpose',
  'Cast',
  'Identity',
] as const;

const count = (dims: readonly number[]) => dims.reduce((a, b) => a * b, 1);

const make = (dims: readonly number[], data: ArrayLike<number>, int: boolean): ConstTensor => ({
  dims: [...dims],
  data: int ? Float64Array.from(data) : Float32Array.from(data),
  int,
});

const strides = (dims: readonly number[]) => {
  const out = new Array<number>(dims.length).fill(1);
  for (let i = dims.length - 2; i >= 0; i--) out[i] = out[i + 1] * dims[i + 1];
  return out;
};

/** The whole-number values of a 1-D (or scalar) constant: shapes, axes, pads. */
export function intList(c: ConstTensor, what: string): number[] {
  if (c.dims.length > 1) throw new OnnxError(`${what} must be a list, got shape [${c.dims}]`);
  const v = Array.from(c.data);
  if (v.some((x) => !Number.isInteger(x)))
    throw new OnnxError(`${what} must hold whole numbers, got [${v.join(', ')}]`);
  return v;
}

const normAxis = (axis: number, rank: number, what: string) => {
  const a = axis < 0 ? axis + rank : axis;
  if (a < 0 || a >= rank) throw new OnnxError(`${what}: axis ${axis} is outside rank ${rank}`);
  return a;
};

export interface ConstContext {
  readonly opset: number;
  /** The known constant of a value name (initializer, Constant output, folded value), else null. */
  readonly constant: (name: string) => ConstTensor | null;
  /** The shape of a feature-map value (for Shape), computed by the core's shape inference. */
  readonly shapeOf: (name: string) => readonly number[] | null;
}

/** A Constant node's value. */
function constantValue(node: onnx.INodeProto, what: string): ConstTensor {
  const attrs = attributesOf(node);
  const t = attrTensor(attrs, 'value', what);
  if (t) return readTensor(t, `${what}'s value`);
  const f = attrFloat(attrs, 'value_float', what);
  if (f !== undefined) return make([], [f], false);
  const i = attrInt(attrs, 'value_int', what);
  if (i !== undefined) return make([], [i], true);
  const fs = attrs.get('value_floats')?.floats;
  if (fs) return make([fs.length], fs, false);
  const is = attrInts(attrs, 'value_ints', what);
  if (is) return make([is.length], is, true);
  throw new OnnxError(`${what} has no value the app reads (a sparse or string constant?)`);
}

function slice(x: ConstTensor, starts: number[], ends: number[], axes: number[], steps: number[]) {
  const rank = x.dims.length;
  const begin = new Array<number>(rank).fill(0);
  const step = new Array<number>(rank).fill(1);
  const size = [...x.dims];
  axes.forEach((axis, k) => {
    const a = normAxis(axis, rank, 'Slice');
    const dim = x.dims[a];
    const s = steps[k] ?? 1;
    if (s === 0) throw new OnnxError('Slice: a step of 0');
    let from = starts[k] < 0 ? starts[k] + dim : starts[k];
    let to = ends[k] < 0 ? ends[k] + dim : ends[k];
    if (s > 0) {
      from = Math.min(Math.max(from, 0), dim);
      to = Math.min(Math.max(to, 0), dim);
      size[a] = Math.max(0, Math.ceil((to - from) / s));
    } else {
      from = Math.min(Math.max(from, 0), dim - 1);
      to = Math.min(Math.max(to, -1), dim - 1);
      size[a] = Math.max(0, Math.ceil((to - from) / s));
    }
    begin[a] = from;
    step[a] = s;
  });
  const inStrides = strides(x.dims);
  const outStrides = strides(size);
  const out = new Array<number>(count(size));
  for (let i = 0; i < out.length; i++) {
    let src = 0;
    for (let d = 0; d < rank; d++) {
      const idx = Math.floor(i / outStrides[d]) % size[d];
      src += (begin[d] + idx * step[d]) * inStrides[d];
    }
    out[i] = x.data[src];
  }
  return make(size, out, x.int);
}

function transpose(x: ConstTensor, perm: number[]) {
  const rank = x.dims.length;
  const p = perm.length > 0 ? perm : x.dims.map((_, i) => rank - 1 - i);
  if (p.length !== rank || [...p].sort().some((v, i) => v !== i))
    throw new OnnxError(`Transpose: perm [${p}] does not fit rank ${rank}`);
  const size = p.map((a) => x.dims[a]);
  const inStrides = strides(x.dims);
  const outStrides = strides(size);
  const out = new Array<number>(x.data.length);
  for (let i = 0; i < out.length; i++) {
    let src = 0;
    for (let d = 0; d < rank; d++)
      src += (Math.floor(i / outStrides[d]) % size[d]) * inStrides[p[d]];
    out[i] = x.data[src];
  }
  return make(size, out, x.int);
}

/** New dims for Reshape: 0 copies the input's dim, one -1 takes what is left. */
export function reshapeDims(from: readonly number[], target: readonly number[], what: string) {
  const dims = target.map((d, i) => (d === 0 ? from[i] : d));
  const known = dims.filter((d) => d !== -1).reduce((a, b) => a * b, 1);
  const free = dims.filter((d) => d === -1).length;
  const total = count(from);
  if (
    free > 1 ||
    dims.some((d) => d === undefined || d < -1) ||
    (free === 1 && (known === 0 || total % known !== 0))
  )
    throw new OnnxError(`${what}: cannot reshape [${from}] to [${target}]`);
  const out = dims.map((d) => (d === -1 ? total / known : d));
  if (count(out) !== total) throw new OnnxError(`${what}: cannot reshape [${from}] to [${target}]`);
  return out;
}

/**
 * Evaluates a shape-arithmetic node whose inputs are all known; null when it is not one (an
 * input is a feature map), so the caller treats it as a layer or refuses it.
 */
export function foldConstant(node: onnx.INodeProto, ctx: ConstContext): ConstTensor | null {
  const op = node.opType ?? '';
  if (!(CONSTANT_OPS as readonly string[]).includes(op)) return null;
  const what = nodeLabel(node);
  const inputs = node.input ?? [];
  const attrs = attributesOf(node);
  if (op === 'Constant') return constantValue(node, what);
  if (op === 'Shape') {
    const shape = ctx.shapeOf(inputs[0]) ?? ctx.constant(inputs[0])?.dims;
    if (!shape) return null;
    const start = attrInt(attrs, 'start', what) ?? 0;
    const end = attrInt(attrs, 'end', what) ?? shape.length;
    const s = start < 0 ? start + shape.length : start;
    const e = end < 0 ? end + shape.length : end;
    const v = shape.slice(Math.max(0, s), Math.min(shape.length, e));
    return make([v.length], v, true);
  }
  const args = inputs.map((name) => (name === '' ? null : ctx.constant(name)));
  if (args[0] === null || args[0] === undefined) return null;
  if (inputs.some((name, i) => name !== '' && args[i] === null)) return null;
  const x = args[0];
  const list = (i: number, label: string) =>
    args[i] ? intList(args[i]!, `${what}: ${label}`) : undefined;
  switch (op) {
    case 'Identity':
      return x;
    case 'Cast': {
      const to = attrInt(attrs, 'to', what) ?? 1;
      const int = [2, 3, 4, 5, 6, 7, 12, 13].includes(to);
      if (!int && to !== 1 && to !== 11) return null;
      return make(x.dims, int ? Array.from(x.data, Math.trunc) : x.data, int);
    }
    case 'ConstantOfShape': {
      const dims = checkedDims(intList(x, `${what}: shape`), `${what}'s output`);
      const t = attrTensor(attrs, 'value', what);
      const fill = t ? readTensor(t, `${what}'s value`) : make([1], [0], false);
      return make(dims, new Array<number>(count(dims)).fill(fill.data[0] ?? 0), fill.int);
    }
    case 'Gather': {
      if (x.dims.length !== 1) return null;
      const idx = args[1]!;
      const picks = intList(idx, `${what}: indices`).map(
        (i) => x.data[normAxis(i, x.dims[0], what)],
      );
      return make(idx.dims, picks, x.int);
    }
    case 'Unsqueeze':
    case 'Squeeze': {
      const axes = ctx.opset >= 13 ? list(1, 'axes') : attrInts(attrs, 'axes', what);
      let dims = [...x.dims];
      if (op === 'Unsqueeze') {
        const rank = dims.length + (axes?.length ?? 0);
        for (const a of (axes ?? []).map((v) => normAxis(v, rank, what)).sort((p, q) => p - q))
          dims.splice(a, 0, 1);
      } else {
        const drop = new Set(
          (axes ?? dims.flatMap((d, i) => (d === 1 ? [i] : []))).map((v) =>
            normAxis(v, dims.length, what),
          ),
        );
        dims = dims.filter((_, i) => !drop.has(i));
      }
      return make(dims, x.data, x.int);
    }
    case 'Concat': {
      const parts = args as ConstTensor[];
      if (parts.some((p) => p.dims.length !== 1)) return null;
      const values = parts.flatMap((p) => Array.from(p.data));
      if (values.length > LIMITS.arrayLength) throw new OnnxError(`${what} is too large`);
      return make(
        [values.length],
        values,
        parts.every((p) => p.int),
      );
    }
    case 'Reshape': {
      const target = list(1, 'shape') ?? attrInts(attrs, 'shape', what) ?? [];
      return make(reshapeDims(x.dims, target, what), x.data, x.int);
    }
    case 'Slice': {
      const starts = ctx.opset >= 10 ? list(1, 'starts') : attrInts(attrs, 'starts', what);
      const ends = ctx.opset >= 10 ? list(2, 'ends') : attrInts(attrs, 'ends', what);
      if (!starts || !ends || starts.length !== ends.length)
        throw new OnnxError(`${what}: starts and ends must be lists of one length`);
      const axes =
        (ctx.opset >= 10 ? list(3, 'axes') : attrInts(attrs, 'axes', what)) ??
        starts.map((_, i) => i);
      const steps = (ctx.opset >= 10 ? list(4, 'steps') : undefined) ?? starts.map(() => 1);
      return slice(x, starts, ends, axes, steps);
    }
    case 'Transpose':
      return transpose(x, attrInts(attrs, 'perm', what) ?? []);
  }
  return null;
}
