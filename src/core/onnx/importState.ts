// What the importer knows while it walks an ONNX graph in order: every value name is a feature
// map (a layer's output, or the network input), a constant (an initializer, a Constant node, a
// computed shape), or a padded feature map waiting for the convolution or pooling that folds the
// Pad in. Layers are appended as their nodes are read, with ids made from the node names.

import type { onnx } from 'onnx-proto';
import { inferShapes } from '../infer';
import { INPUT_ID, type InputSpec, type Layer, type PaddingMode } from '../layers';
import { ID_PATTERN, LIMITS } from '../limits';
import type { FixedWeights } from '../presets/preset';
import { nodeLabel, OnnxError } from './errors';
import { readTensor, weightValues, type ConstTensor } from './tensors';

/** A feature map: the output of layer `id` (or the network input), of rank 4 or 2. */
export interface TensorValue {
  readonly kind: 'tensor';
  readonly id: string;
  readonly rank: number;
}

/** A feature map padded by a Pad node: [top, left, bottom, right] and how the border is filled. */
export interface PaddedValue {
  readonly kind: 'padded';
  readonly src: TensorValue;
  readonly pads: readonly [number, number, number, number];
  readonly mode: PaddingMode;
  /** The Pad node, for messages. */
  readonly label: string;
}

export type Value = TensorValue | PaddedValue | { readonly kind: 'const'; readonly c: ConstTensor };

/** A layer without its id and inputs: the importer adds both. */
export type LayerBody = Layer extends infer L
  ? L extends Layer
    ? Omit<L, 'id' | 'inputs'>
    : never
  : never;

export class ImportState {
  readonly values = new Map<string, Value>();
  readonly layers: Layer[] = [];
  readonly weights: Record<string, FixedWeights> = {};
  /** The node each layer came from ("node '/c1/Conv' (Conv)"), for messages. */
  readonly origin = new Map<string, string>();
  /** ONNX value names that hold each layer's output (Identity and Dropout add aliases). */
  readonly valueNames = new Map<string, string[]>([[INPUT_ID, []]]);
  /** How many node inputs and graph outputs read each value name. */
  readonly readers = new Map<string, number>();
  private readonly notes = new Map<string, number>();
  private readonly ids = new Set<string>([INPUT_ID]);
  private readonly initializers: Map<string, onnx.ITensorProto>;

  constructor(
    readonly opset: number,
    readonly input: InputSpec,
    graph: onnx.IGraphProto,
  ) {
    this.initializers = new Map((graph.initializer ?? []).map((t) => [t.name ?? '', t]));
    for (const node of graph.node ?? [])
      for (const name of node.input ?? [])
        this.readers.set(name, (this.readers.get(name) ?? 0) + 1);
    for (const out of graph.output ?? [])
      this.readers.set(out.name ?? '', (this.readers.get(out.name ?? '') ?? 0) + 1);
  }

  isInitializer = (name: string) => this.initializers.has(name);

  /** Counts a note for the summary ("Identity skipped" ×3). */
  note(text: string): void {
    this.notes.set(text, (this.notes.get(text) ?? 0) + 1);
  }

  noteList(): string[] {
    return [...this.notes].map(([text, n]) => (n > 1 ? `${text} (×${n})` : text));
  }

  /** A value's known constant (initializer, Constant node, computed shape), else null. */
  constant(name: string): ConstTensor | null {
    const v = this.values.get(name);
    if (v) return v.kind === 'const' ? v.c : null;
    const t = this.initializers.get(name);
    if (!t) return null;
    const c = readTensor(t, `initializer '${name}'`);
    this.values.set(name, { kind: 'const', c });
    return c;
  }

  /** A constant input of a node, refused in words when the graph computes it instead. */
  needConstant(node: onnx.INodeProto, index: number, what: string): ConstTensor {
    const name = node.input?.[index] ?? '';
    const c = name ? this.constant(name) : null;
    if (!c)
      throw new OnnxError(
        name
          ? `${nodeLabel(node)} computes its ${what} in the graph ('${name}'); the app needs it stored in the file`
          : `${nodeLabel(node)} has no ${what}`,
      );
    return c;
  }

  /** A constant input as float32 weights, finite, of `count` values. */
  weight(node: onnx.INodeProto, index: number, what: string, count?: number): Float32Array {
    const c = this.needConstant(node, index, what);
    const w = weightValues(c, `${nodeLabel(node)}'s ${what}`);
    if (count !== undefined && w.length !== count)
      throw new OnnxError(
        `${nodeLabel(node)}'s ${what} holds ${w.length} values; ${count} were expected`,
      );
    return w;
  }

  /** The value a node input names; refuses a name no earlier node produced. */
  value(node: onnx.INodeProto, index: number): Value {
    const name = node.input?.[index] ?? '';
    const v = this.values.get(name) ?? (this.constant(name) ? this.values.get(name) : undefined);
    if (!v)
      throw new OnnxError(
        `${nodeLabel(node)} reads '${name}', which no earlier node produces (the graph must list nodes in order)`,
      );
    return v;
  }

  /** A feature-map input; constants and pending Pads are refused naming what was found. */
  tensor(node: onnx.INodeProto, index: number): TensorValue {
    const v = this.value(node, index);
    if (v.kind === 'tensor') return v;
    if (v.kind === 'padded')
      throw new OnnxError(
        `${v.label} pads (${v.mode === 'zeros' ? 'constant 0' : v.mode}) the input of ${nodeLabel(node)}; the app folds a Pad only into the convolution (or average pooling) right after it`,
      );
    throw new OnnxError(
      `${nodeLabel(node)} reads the constant '${node.input?.[index]}' where a feature map was expected`,
    );
  }

  /** The shape the core infers for a feature map, with the batch. */
  shapeOf(v: TensorValue): readonly number[] {
    const { n, c, h, w } = this.input;
    if (v.id === INPUT_ID) return [n, c, h, w];
    const inference = inferShapes({ input: this.input, layers: this.layers });
    const ls = inference.byId.get(v.id);
    if (ls?.status === 'ok') return ls.shape;
    const why = ls?.status === 'error' ? ls.error.message : 'an earlier layer does not fit';
    throw new OnnxError(`${this.origin.get(v.id) ?? `layer '${v.id}'`} does not fit: ${why}`);
  }

  /** Marks an output name as the same feature map as `v` (Identity, Dropout in a chain, ...). */
  alias(name: string, v: Value): void {
    this.values.set(name, v);
    if (v.kind === 'tensor') this.valueNames.get(v.id)?.push(name);
  }

  /** Appends a layer made from `node`; its first output becomes the layer's feature map. */
  addLayer(
    node: onnx.INodeProto,
    body: LayerBody,
    inputs: readonly TensorValue[],
    rank: number,
    weights?: FixedWeights,
  ): TensorValue {
    const id = this.takeId(node);
    const layer = { id, ...body, inputs: inputs.map((i) => i.id) } as Layer;
    this.layers.push(layer);
    this.origin.set(id, nodeLabel(node));
    this.valueNames.set(id, []);
    if (weights) this.weights[id] = weights;
    const out: TensorValue = { kind: 'tensor', id, rank };
    this.alias(node.output?.[0] ?? '', out);
    return out;
  }

  /** Replaces a layer already added (a MatMul's linear gaining the bias of the Add after it). */
  replaceLayer(id: string, layer: Layer, weights?: FixedWeights): void {
    const i = this.layers.findIndex((l) => l.id === id);
    this.layers[i] = layer;
    if (weights) this.weights[id] = weights;
  }

  /** Refuses a node whose extra outputs (a mask, indices, training statistics) something reads. */
  onlyFirstOutput(node: onnx.INodeProto): void {
    const extra = (node.output ?? [])
      .slice(1)
      .find((o) => o !== '' && (this.readers.get(o) ?? 0) > 0);
    if (extra)
      throw new OnnxError(
        `${nodeLabel(node)}: its output '${extra}' is read, but the app computes only the first output`,
      );
  }

  /**
   * A layer id from the node's name: PyTorch's '/layer1/conv1/Conv' gives 'layer1/conv1' (the
   * module path), other names keep their text; characters outside ID_PATTERN become '_', and a
   * taken id gets '_2', '_3', ...
   */
  private takeId(node: onnx.INodeProto): string {
    const op = node.opType ?? 'node';
    let name = (node.name ?? '').replace(/^\/+/, '');
    const parts = name.split('/');
    if (parts.length > 1 && parts[parts.length - 1].startsWith(op))
      name = parts.slice(0, -1).join('/');
    name = name.replace(/[^A-Za-z0-9_.\-/]+/g, '_').slice(0, LIMITS.idLength);
    if (!ID_PATTERN.test(name)) name = op.replace(/[^A-Za-z0-9_]+/g, '_').slice(0, 40) || 'node';
    let id = name;
    for (let k = 2; this.ids.has(id); k++) id = `${name.slice(0, LIMITS.idLength - 6)}_${k}`;
    this.ids.add(id);
    return id;
  }
}
