// Test support: small ONNX models built by hand (onnx-proto's encoder), for the importer's cases
// that PyTorch never writes (asymmetric pads, other opsets, hostile files), and raw protobuf
// wire bytes for files no encoder would produce.

import { onnx } from 'onnx-proto';

/** An attribute value: integers and integer lists as INT(S), float(x) as FLOAT, text as STRING. */
export type AttrValue =
  number | readonly number[] | string | { readonly float: number } | onnx.ITensorProto;
export const float = (x: number) => ({ float: x }) as const;

function attribute(name: string, v: AttrValue): onnx.IAttributeProto {
  const T = onnx.AttributeProto.AttributeType;
  if (typeof v === 'string') return { name, type: T.STRING, s: new TextEncoder().encode(v) };
  if (typeof v === 'number') return { name, type: T.INT, i: v };
  if (Array.isArray(v)) return { name, type: T.INTS, ints: [...(v as number[])] };
  if ('float' in v) return { name, type: T.FLOAT, f: (v as { float: number }).float };
  return { name, type: T.TENSOR, t: v as onnx.ITensorProto };
}

export function node(
  opType: string,
  input: readonly string[],
  output: readonly string[],
  attrs: Readonly<Record<string, AttrValue>> = {},
  name = `${opType}_${output[0]}`,
): onnx.INodeProto {
  return {
    opType,
    input: [...input],
    output: [...output],
    name,
    attribute: Object.entries(attrs).map(([k, v]) => attribute(k, v)),
  };
}

/** A float32 (type 1) or int64 (type 7) tensor; floats go in float_data, ints in int64_data. */
export function tensor(
  name: string,
  dims: readonly number[],
  data: readonly number[],
  type = 1,
): onnx.ITensorProto {
  return type === 7
    ? { name, dims: [...dims], dataType: 7, int64Data: [...data] }
    : { name, dims: [...dims], dataType: type, floatData: [...data] };
}

/** n values 0.01, 0.02, …: small distinct weights. */
export const ramp = (n: number, scale = 0.01) =>
  Array.from({ length: n }, (_, i) => ((i % 17) - 8) * scale);

function valueInfo(name: string, dims: readonly (number | string)[]): onnx.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType: 1,
        shape: {
          dim: dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })),
        },
      },
    },
  };
}

export interface ModelSpec {
  /** [N, C, H, W]; a string is a symbolic dimension. */
  readonly input?: readonly (number | string)[];
  readonly nodes: readonly onnx.INodeProto[];
  readonly initializers?: readonly onnx.ITensorProto[];
  /** The graph output's name (default: the last node's first output) and its stated shape. */
  readonly output?: string;
  readonly outputDims?: readonly (number | string)[];
  readonly valueInfo?: readonly (readonly [string, readonly (number | string)[]])[];
  readonly opset?: number;
  readonly extraInputs?: readonly string[];
}

export function modelProto(spec: ModelSpec): onnx.IModelProto {
  const out = spec.output ?? spec.nodes.at(-1)?.output?.[0] ?? 'output';
  return {
    irVersion: 7,
    opsetImport: [{ domain: '', version: spec.opset ?? 13 }],
    producerName: 'test',
    graph: {
      name: 'test',
      node: [...spec.nodes],
      initializer: [...(spec.initializers ?? [])],
      input: [
        valueInfo('input', spec.input ?? [1, 3, 8, 8]),
        ...(spec.extraInputs ?? []).map((n) => valueInfo(n, [1, 3, 8, 8])),
      ],
      output: [spec.outputDims ? valueInfo(out, spec.outputDims) : { name: out }],
      valueInfo: (spec.valueInfo ?? []).map(([n, d]) => valueInfo(n, d)),
    },
  };
}

export const encodeModel = (m: onnx.IModelProto): Uint8Array => onnx.ModelProto.encode(m).finish();

export const model = (spec: ModelSpec): Uint8Array => encodeModel(modelProto(spec));

// ---- raw wire bytes ----------------------------------------------------------------------------

export function varint(v: number): number[] {
  const out: number[] = [];
  while (v >= 128) {
    out.push((v % 128) | 128);
    v = Math.floor(v / 128);
  }
  out.push(v);
  return out;
}

/** A length-delimited field: tag, length, payload. */
export const field = (num: number, payload: readonly number[]) => [
  ...varint(num * 8 + 2),
  ...varint(payload.length),
  ...payload,
];
