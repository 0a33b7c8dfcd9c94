// The ONNX graph being written: nodes, initializers (float32 or int64, little-endian raw data) and
// names made unique across both, so a layer id can never collide with a weight's or a helper
// constant's name. exportNodes.ts fills it one layer at a time; exportModel.ts wraps it up.

import type { onnx } from 'onnx-proto';

export type AttrValue =
  | { readonly int: number }
  | { readonly ints: readonly number[] }
  | { readonly float: number }
  | { readonly str: string };

const TYPE = { FLOAT: 1, INT: 2, STRING: 3, INTS: 7 } as const;

function attribute(name: string, v: AttrValue): onnx.IAttributeProto {
  if ('int' in v) return { name, type: TYPE.INT, i: v.int };
  if ('ints' in v) return { name, type: TYPE.INTS, ints: [...v.ints] };
  if ('float' in v) return { name, type: TYPE.FLOAT, f: v.float };
  return { name, type: TYPE.STRING, s: new TextEncoder().encode(v.str) };
}

function rawFloat32(values: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(values.length * 4);
  const view = new DataView(out.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i], true);
  return out;
}

function rawInt64(values: readonly number[]): Uint8Array {
  const out = new Uint8Array(values.length * 8);
  const view = new DataView(out.buffer);
  values.forEach((v, i) => view.setBigInt64(i * 8, BigInt(v), true));
  return out;
}

export class GraphBuilder {
  readonly nodes: onnx.INodeProto[] = [];
  readonly initializers: onnx.ITensorProto[] = [];
  /** Values and initializers share one namespace in ONNX; nodes have their own. */
  private readonly names = new Set<string>();
  private readonly nodeNames = new Set<string>();

  /** A value name nothing has yet: `base`, else `base_2`, `base_3`, … */
  take(base: string, names = this.names): string {
    let name = base;
    for (let k = 2; names.has(name); k++) name = `${base}_${k}`;
    names.add(name);
    return name;
  }

  /** A float32 initializer; returns its (unique) name. */
  floats(base: string, dims: readonly number[], values: ArrayLike<number>): string {
    const name = this.take(base);
    this.initializers.push({ name, dims: [...dims], dataType: 1, rawData: rawFloat32(values) });
    return name;
  }

  /** A float32 scalar constant (an epsilon, a clip bound). */
  scalar(base: string, value: number): string {
    return this.floats(base, [], [value]);
  }

  /** An int64 initializer (pads, axes). */
  ints(base: string, values: readonly number[]): string {
    const name = this.take(base);
    this.initializers.push({ name, dims: [values.length], dataType: 7, rawData: rawInt64(values) });
    return name;
  }

  /**
   * Appends a node named after `name`; its output goes to `output` when given (a name already
   * taken for it), else to a fresh value named after the node. Returns the output's name.
   */
  node(
    opType: string,
    inputs: readonly string[],
    name: string,
    attrs: Readonly<Record<string, AttrValue>> = {},
    output?: string,
  ): string {
    const nodeName = this.take(name, this.nodeNames);
    const out = output ?? this.take(`${nodeName}_out`);
    this.nodes.push({
      opType,
      name: nodeName,
      input: [...inputs],
      output: [out],
      attribute: Object.entries(attrs).map(([k, v]) => attribute(k, v)),
    });
    return out;
  }
}
