// ONNX bytes → a network of the core's layers, its parameters by layer id, and notes on what was
// folded or skipped — or a refusal in words, naming the node. The imported network passes the
// same checks as a network file (ids, bounds, budget), the core's shape inference, and agrees
// with every static shape the file itself states (value_info and the graph output).

import type { onnx } from 'onnx-proto';
import { networkCost } from '../cost';
import { inferShapes, type Inference, type OkShape } from '../infer';
import { INPUT_ID, type InputSpec, type Layer, type Network } from '../layers';
import type { FixedWeights } from '../presets/preset';
import { inputRefusal, layerRefusal, networkRefusal } from '../share/storable';
import { fieldLengths, PARAM_FIELDS } from '../weightsFile/namedWeights';
import { CONSTANT_OPS, foldConstant } from './constants';
import { decodeModel } from './decode';
import { nodeLabel, OnnxError } from './errors';
import { ImportState } from './importState';
import { NODE_HANDLERS } from './importOps';
import { int64, typeName, type Int64 } from './tensors';

export interface OnnxImport {
  readonly network: Network;
  /** Every parameter of every layer that has any, by layer id. */
  readonly weights: Readonly<Record<string, FixedWeights>>;
  /** What was read in a way worth saying ("Dropout kept as dropout", "batch 'N' set to 1"). */
  readonly notes: readonly string[];
  readonly params: number;
}

export type OnnxImportResult =
  | { readonly ok: true; readonly value: OnnxImport }
  | { readonly ok: false; readonly message: string };

export const SUPPORTED_OPS = [
  ...Object.keys(NODE_HANDLERS),
  ...CONSTANT_OPS.filter((o) => !(o in NODE_HANDLERS)),
];

const unsupported = (node: onnx.INodeProto, why = 'is not supported') =>
  new OnnxError(
    `${nodeLabel(node)} ${why}; supported: ${Object.keys(NODE_HANDLERS).join(', ')}, and shape arithmetic on constants (${CONSTANT_OPS.join(', ')})`,
  );

type Dim = { dimValue?: Int64 | null; dimParam?: string | null };

function graphInput(
  graph: onnx.IGraphProto,
  st: { note: (s: string) => void },
  isInit: (n: string) => boolean,
) {
  const inputs = (graph.input ?? []).filter((v) => !isInit(v.name ?? ''));
  if (inputs.length !== 1)
    throw new OnnxError(
      `the graph has ${inputs.length} inputs; the app reads models with one input image`,
    );
  const v = inputs[0];
  const t = v.type?.tensorType;
  if (!t) throw new OnnxError(`the input '${v.name}' is not a tensor`);
  if (t.elemType !== 1)
    throw new OnnxError(
      `the input '${v.name}' holds ${typeName(t.elemType)}; the app reads float32 images`,
    );
  const dims = (t.shape?.dim ?? []) as Dim[];
  if (dims.length !== 4)
    throw new OnnxError(
      `the input '${v.name}' has rank ${dims.length}; the app reads [N, C, H, W] images (rank 4)`,
    );
  const axes = ['batch', 'channels', 'height', 'width'];
  const sizes = dims.map((d, i) => {
    const value = int64(d.dimValue);
    if (d.dimParam || value === 0) {
      if (i === 0) {
        st.note(`batch size ${d.dimParam ? `'${d.dimParam}' ` : ''}set to 1`);
        return 1;
      }
      throw new OnnxError(
        `the input's ${axes[i]} is not fixed (${d.dimParam ? `'${d.dimParam}'` : 'unknown'}); the app needs a fixed size`,
      );
    }
    if (!Number.isSafeInteger(value) || value <= 0)
      throw new OnnxError(`the input's ${axes[i]} is ${value}; it must be a positive whole number`);
    return value;
  });
  const spec: InputSpec = { n: sizes[0], c: sizes[1], h: sizes[2], w: sizes[3] };
  const refusal = inputRefusal(spec);
  if (refusal) throw new OnnxError(`the input [${sizes.join(', ')}]: ${refusal}`);
  return { name: v.name ?? '', spec };
}

/** Layers the output depends on, in order, each listing its inputs only where not the previous. */
function outputNetwork(input: InputSpec, layers: readonly Layer[], output: string): Network {
  const need = new Set<string>([output]);
  for (let i = layers.length - 1; i >= 0; i--)
    if (need.has(layers[i].id)) for (const src of layers[i].inputs ?? []) need.add(src);
  const kept = layers.filter((l) => need.has(l.id));
  return {
    input,
    layers: kept.map((l, i) => {
      const prev = i === 0 ? INPUT_ID : kept[i - 1].id;
      const ins = l.inputs ?? [];
      if (ins.length === 1 && ins[0] === prev) {
        const rest: { inputs?: unknown } = { ...l };
        delete rest.inputs;
        return rest as Layer;
      }
      return l;
    }),
  };
}

/** The static shapes the file states for its values ([N, ...] with N dynamic as -1). */
function statedShapes(graph: onnx.IGraphProto): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const v of [...(graph.valueInfo ?? []), ...(graph.output ?? [])]) {
    const dims = (v.type?.tensorType?.shape?.dim ?? null) as Dim[] | null;
    if (!dims || dims.length === 0) continue;
    const sizes = dims.map((d, i) =>
      d.dimParam || int64(d.dimValue) <= 0 ? (i === 0 ? -1 : NaN) : int64(d.dimValue),
    );
    if (sizes.every((s) => !Number.isNaN(s))) out.set(v.name ?? '', sizes);
  }
  return out;
}

function checkAgainstFile(inference: Inference, st: ImportState, graph: onnx.IGraphProto): void {
  const stated = statedShapes(graph);
  for (const ls of inference.layers as OkShape[]) {
    for (const name of st.valueNames.get(ls.id) ?? []) {
      const want = stated.get(name);
      if (!want) continue;
      const got = ls.shape;
      const same =
        want.length === got.length && want.every((d, i) => (i === 0 && d === -1) || d === got[i]);
      if (!same)
        throw new OnnxError(
          `${st.origin.get(ls.id)}: the file says its output '${name}' is [${want.map((d) => (d < 0 ? 'N' : d)).join(', ')}], the app computes [${got.join(', ')}]`,
        );
    }
  }
}

function checkWeights(inference: Inference, st: ImportState): void {
  for (const ls of inference.layers as OkShape[]) {
    const want = fieldLengths(ls);
    const got = st.weights[ls.id] ?? {};
    for (const f of PARAM_FIELDS) {
      const n = (got[f] as readonly number[] | undefined)?.length;
      if (n !== undefined && n !== want[f])
        throw new OnnxError(
          `${st.origin.get(ls.id)}: its ${f} holds ${n} values; the layer needs ${want[f] ?? 0}`,
        );
    }
  }
}

/** Reads an ONNX model; throws OnnxError with a sentence naming what is not supported. */
export function importOnnx(bytes: Uint8Array): OnnxImport {
  const { graph, opset } = decodeModel(bytes);
  const inits = new Set((graph.initializer ?? []).map((t) => t.name ?? ''));
  const pre: string[] = [];
  const input = graphInput(graph, { note: (s) => pre.push(s) }, (n) => inits.has(n));
  const st = new ImportState(opset, input.spec, graph);
  pre.forEach((s) => st.note(s));
  st.values.set(input.name, { kind: 'tensor', id: INPUT_ID, rank: 4 });
  const ctx = {
    opset,
    constant: (name: string) => st.constant(name),
    shapeOf: (name: string) => {
      const v = st.values.get(name);
      return v?.kind === 'tensor' ? st.shapeOf(v) : null;
    },
  };
  for (const node of graph.node ?? []) {
    if (node.domain && node.domain !== 'ai.onnx')
      throw unsupported(node, `is from the operator set '${node.domain}', which is not supported`);
    const folded = foldConstant(node, ctx);
    if (folded) {
      st.values.set(node.output?.[0] ?? '', { kind: 'const', c: folded });
      if (node.opType !== 'Constant') st.note('shape arithmetic computed at import');
      continue;
    }
    const handler = NODE_HANDLERS[node.opType ?? ''];
    if (!handler) throw unsupported(node);
    handler(node, st);
  }
  const outs = graph.output ?? [];
  if (outs.length !== 1)
    throw new OnnxError(`the graph has ${outs.length} outputs; the app shows networks with one`);
  const result = st.values.get(outs[0].name ?? '');
  if (result?.kind !== 'tensor' || result.id === INPUT_ID)
    throw new OnnxError(
      `the graph output '${outs[0].name}' is not computed by any layer the app can show`,
    );
  const network = outputNetwork(input.spec, st.layers, result.id);
  const dropped = st.layers.length - network.layers.length;
  if (dropped > 0)
    st.note(`${dropped} layer${dropped > 1 ? 's' : ''} not feeding the output left out`);
  for (const layer of network.layers) {
    const refusal = layerRefusal(layer);
    if (refusal) throw new OnnxError(`${st.origin.get(layer.id)}: ${refusal}`);
  }
  const inference = inferShapes(network);
  const bad = inference.layers.find((l) => l.status === 'error');
  if (bad?.status === 'error')
    throw new OnnxError(`${st.origin.get(bad.id)} does not fit: ${bad.error.message}`);
  if (!inference.valid) throw new OnnxError('the imported network does not fit together');
  const cost = networkCost(inference);
  const budget = networkRefusal(network, cost);
  if (budget) throw new OnnxError(budget);
  checkWeights(inference, st);
  checkAgainstFile(inference, st, graph);
  const kept = new Set(network.layers.map((l) => l.id));
  const weights = Object.fromEntries(Object.entries(st.weights).filter(([id]) => kept.has(id)));
  return { network, weights, notes: st.noteList(), params: cost.params };
}

/** importOnnx as a result: a refusal carries the sentence; nothing is thrown. */
export function tryImportOnnx(bytes: Uint8Array): OnnxImportResult {
  try {
    return { ok: true, value: importOnnx(bytes) };
  } catch (e) {
    if (e instanceof OnnxError) return { ok: false, message: e.message };
    // A bug or an engine limit (stack, memory) in a file the checks let through: still a refusal.
    return {
      ok: false,
      message: `the model could not be read (${e instanceof Error ? e.message : String(e)})`,
    };
  }
}
