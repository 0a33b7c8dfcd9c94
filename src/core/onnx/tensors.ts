// Reading an ONNX file's numbers: 64-bit integers (protobufjs hands them over as Long objects, or
// as plain numbers where the 'long' package is absent), tensors (weights in float32 or float64,
// shape arithmetic in int64 or int32) and node attributes. Every count is checked against the
// limits before anything is allocated, and every refusal names the tensor or the attribute.

import type { onnx } from 'onnx-proto';
import { LIMITS } from '../limits';
import { OnnxError } from './errors';

/** An int64 as protobufjs gives it. */
export type Int64 =
  number | { readonly low: number; readonly high: number; readonly unsigned?: boolean };

/** An int64 as a JS number: exact below 2^53, the nearest double beyond (only ever bounds-checked). */
export function int64(v: Int64 | null | undefined): number {
  if (v === null || v === undefined) return 0;
  if (typeof v === 'number') return v;
  const high = v.unsigned ? v.high >>> 0 : v.high | 0;
  return high * 4294967296 + (v.low >>> 0);
}

/** A tensor read into memory: its dims and values (weights as float32, integers exactly). */
export interface ConstTensor {
  readonly dims: readonly number[];
  readonly data: Float32Array | Float64Array;
  /** Integers (int64/int32 shape arithmetic) rather than floats. */
  readonly int: boolean;
}

const TYPE_NAMES: Readonly<Record<number, string>> = {
  2: 'uint8',
  3: 'int8',
  4: 'uint16',
  5: 'int16',
  8: 'string',
  9: 'bool',
  10: 'float16',
  12: 'uint32',
  13: 'uint64',
  14: 'complex64',
  15: 'complex128',
  16: 'bfloat16',
};
const FLOAT = 1;
const INT32 = 6;
const INT64 = 7;
const DOUBLE = 11;
const BYTES: Readonly<Record<number, number>> = { [FLOAT]: 4, [INT32]: 4, [INT64]: 8, [DOUBLE]: 8 };

export const typeName = (t: number | null | undefined): string =>
  ({ [FLOAT]: 'float32', [INT32]: 'int32', [INT64]: 'int64', [DOUBLE]: 'float64' })[t ?? 0] ??
  TYPE_NAMES[t ?? 0] ??
  `type ${t}`;

/** A checked dimension list: whole numbers ≥ 0, at most 8 of them, with the count within limits. */
export function checkedDims(raw: readonly Int64[], what: string): number[] {
  if (raw.length > 8)
    throw new OnnxError(`${what} has ${raw.length} dimensions; at most 8 are read`);
  const dims = raw.map(int64);
  const bad = dims.find((d) => !Number.isSafeInteger(d) || d < 0);
  if (bad !== undefined) throw new OnnxError(`${what} has an impossible dimension ${bad}`);
  // Multiplied as doubles: a product past 2^53 is still far past the limit.
  const count = dims.reduce((a, b) => a * b, 1);
  if (count > LIMITS.arrayLength)
    throw new OnnxError(
      `${what} has shape [${dims.join(', ')}]: ${count.toLocaleString('en-US')} values; the app holds at most ${LIMITS.arrayLength.toLocaleString('en-US')} in one array`,
    );
  return dims;
}

/**
 * A tensor's values. Refuses external data, data types other than float32/float64/int32/int64,
 * and a byte or value count that does not match its dims (checked before allocating).
 */
export function readTensor(t: onnx.ITensorProto, what: string): ConstTensor {
  if (t.dataLocation === 1 || (t.externalData?.length ?? 0) > 0)
    throw new OnnxError(
      `${what} keeps its values in an external file; save the model with its weights inside (e.g. torch.onnx.export without external data)`,
    );
  if (t.segment) throw new OnnxError(`${what} is split into segments, which are not read`);
  const type = t.dataType ?? 0;
  const size = BYTES[type];
  if (!size)
    throw new OnnxError(
      `${what} holds ${typeName(type)} values; the app reads float32, float64, int32 and int64`,
    );
  const dims = checkedDims(t.dims ?? [], what);
  const count = dims.reduce((a, b) => a * b, 1);
  const int = type === INT32 || type === INT64;
  const out = int || type === DOUBLE ? new Float64Array(count) : new Float32Array(count);
  const raw = t.rawData;
  if (raw && raw.length > 0) {
    if (raw.length !== count * size)
      throw new OnnxError(
        `${what} has shape [${dims.join(', ')}] (${count * size} bytes of ${typeName(type)}) but holds ${raw.length} bytes`,
      );
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    for (let i = 0; i < count; i++) {
      out[i] =
        type === FLOAT
          ? view.getFloat32(i * 4, true)
          : type === DOUBLE
            ? view.getFloat64(i * 8, true)
            : type === INT32
              ? view.getInt32(i * 4, true)
              : Number(view.getBigInt64(i * 8, true));
    }
  } else {
    const list: readonly Int64[] =
      type === FLOAT
        ? (t.floatData ?? [])
        : type === DOUBLE
          ? (t.doubleData ?? [])
          : type === INT32
            ? (t.int32Data ?? [])
            : (t.int64Data ?? []);
    if (list.length !== count)
      throw new OnnxError(
        `${what} has shape [${dims.join(', ')}] (${count} values) but holds ${list.length}`,
      );
    for (let i = 0; i < count; i++) out[i] = int64(list[i]);
  }
  return { dims, data: out, int };
}

/** Float values for a weight: float32, every one finite (NaN and ±inf are refused by name). */
export function weightValues(c: ConstTensor, what: string): Float32Array {
  if (c.int) throw new OnnxError(`${what} holds integers where weights were expected`);
  const data = c.data instanceof Float32Array ? c.data : Float32Array.from(c.data);
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i]))
      throw new OnnxError(
        `${what} holds ${data[i]} at position ${i}; weights must be finite numbers`,
      );
  }
  return data;
}

// ---- attributes -------------------------------------------------------------------------------

export type Attributes = ReadonlyMap<string, onnx.IAttributeProto>;

export const attributesOf = (node: onnx.INodeProto): Attributes =>
  new Map((node.attribute ?? []).map((a) => [a.name ?? '', a]));

/** The attribute types of onnx.proto's AttributeProto.AttributeType. */
const A = { FLOAT: 1, INT: 2, STRING: 3, TENSOR: 4, FLOATS: 6, INTS: 7 } as const;

function typed(attrs: Attributes, name: string, type: number, what: string) {
  const a = attrs.get(name);
  if (!a) return undefined;
  // Files from old exporters leave `type` unset; the field that is filled tells.
  if (a.type && a.type !== type)
    throw new OnnxError(`${what}: attribute '${name}' has the wrong type (${a.type})`);
  return a;
}

export function attrInt(attrs: Attributes, name: string, what: string): number | undefined {
  const a = typed(attrs, name, A.INT, what);
  if (!a) return undefined;
  const v = int64(a.i as Int64 | null);
  if (!Number.isSafeInteger(v)) throw new OnnxError(`${what}: attribute '${name}' is ${v}`);
  return v;
}

export function attrInts(attrs: Attributes, name: string, what: string): number[] | undefined {
  const a = typed(attrs, name, A.INTS, what);
  if (!a) return undefined;
  const v = (a.ints ?? []).map((x) => int64(x as Int64));
  const bad = v.find((x) => !Number.isSafeInteger(x));
  if (bad !== undefined) throw new OnnxError(`${what}: attribute '${name}' holds ${bad}`);
  return v;
}

export function attrFloat(attrs: Attributes, name: string, what: string): number | undefined {
  const a = typed(attrs, name, A.FLOAT, what);
  if (!a) return undefined;
  const v = a.f ?? 0;
  if (!Number.isFinite(v)) throw new OnnxError(`${what}: attribute '${name}' is ${v}`);
  return v;
}

export function attrString(attrs: Attributes, name: string, what: string): string | undefined {
  const a = typed(attrs, name, A.STRING, what);
  if (!a) return undefined;
  return new TextDecoder().decode(a.s ?? new Uint8Array());
}

export function attrTensor(attrs: Attributes, name: string, what: string) {
  return typed(attrs, name, A.TENSOR, what)?.t ?? undefined;
}
