// ONNX's dense nodes → linear layers: Gemm (weights [out, in] with transB = 1, or [in, out]),
// MatMul with a constant weight, and the Add of a constant after a MatMul as that layer's bias.
// Add of two feature maps is the add layer.

import type { onnx } from 'onnx-proto';
import type { LinearLayer } from '../layers';
import { nodeLabel as label, OnnxError } from './errors';
import type { ImportState, TensorValue } from './importState';
import { attrFloat, attrInt, attributesOf, type ConstTensor } from './tensors';

const out0 = (node: onnx.INodeProto) => node.output?.[0] ?? '';

/** [out, in] weights of a dense layer from a constant of shape [in, out] (transposed = false). */
function denseWeight(c: ConstTensor, w: Float32Array, transposed: boolean, what: string) {
  if (c.dims.length !== 2)
    throw new OnnxError(`${what}: the weight has rank ${c.dims.length}; a dense layer's has 2`);
  const [rows, cols] = c.dims;
  if (transposed) return { out: rows, in: cols, weight: Array.from(w) };
  const weight = new Array<number>(w.length);
  for (let i = 0; i < rows; i++)
    for (let o = 0; o < cols; o++) weight[o * rows + i] = w[i * cols + o];
  return { out: cols, in: rows, weight };
}

function flatInput(node: onnx.INodeProto, st: ImportState): TensorValue {
  const x = st.tensor(node, 0);
  if (x.rank !== 2)
    throw new OnnxError(
      `${label(node)} multiplies a feature map of rank ${x.rank}; the app's linear layer needs a flat input (Flatten first)`,
    );
  return x;
}

export function gemm(node: onnx.INodeProto, st: ImportState): void {
  const what = label(node);
  const attrs = attributesOf(node);
  const x = flatInput(node, st);
  if ((attrInt(attrs, 'transA', what) ?? 0) !== 0)
    throw new OnnxError(`${what} transposes its input (transA = 1)`);
  const alpha = attrFloat(attrs, 'alpha', what) ?? 1;
  const beta = attrFloat(attrs, 'beta', what) ?? 1;
  const bc = st.needConstant(node, 1, 'weight');
  const dense = denseWeight(
    bc,
    st.weight(node, 1, 'weight'),
    (attrInt(attrs, 'transB', what) ?? 0) === 1,
    what,
  );
  let bias: number[] | null = null;
  if (node.input?.[2]) {
    const b = st.weight(node, 2, 'bias');
    if (b.length !== dense.out && b.length !== 1)
      throw new OnnxError(`${what}'s bias holds ${b.length} values for ${dense.out} outputs`);
    bias = Array.from({ length: dense.out }, (_, i) => beta * b[b.length === 1 ? 0 : i]);
  }
  if (alpha !== 1 || beta !== 1) {
    st.note('Gemm alpha/beta multiplied into the weights');
    dense.weight = dense.weight.map((v) => alpha * v);
  }
  st.addLayer(node, { kind: 'linear', outFeatures: dense.out, bias: bias !== null }, [x], 2, {
    weight: dense.weight,
    ...(bias ? { bias } : {}),
  });
}

export function matMul(node: onnx.INodeProto, st: ImportState): void {
  const x = flatInput(node, st);
  const bc = st.needConstant(node, 1, 'weight');
  const dense = denseWeight(bc, st.weight(node, 1, 'weight'), false, label(node));
  st.addLayer(node, { kind: 'linear', outFeatures: dense.out, bias: false }, [x], 2, {
    weight: dense.weight,
  });
}

/** Add: two feature maps → an add layer; a MatMul's output + a constant → that linear's bias. */
export function add(node: onnx.INodeProto, st: ImportState): void {
  const what = label(node);
  const [a, b] = [st.value(node, 0), st.value(node, 1)];
  const constIndex = a.kind === 'const' ? 0 : b.kind === 'const' ? 1 : -1;
  if (constIndex < 0) {
    const xs = [st.tensor(node, 0), st.tensor(node, 1)];
    st.addLayer(node, { kind: 'add' }, xs, xs[0].rank);
    return;
  }
  const x = st.tensor(node, 1 - constIndex);
  const layer = st.layers.find((l) => l.id === x.id);
  const feeds = st.readers.get(node.input?.[1 - constIndex] ?? '') ?? 0;
  if (
    layer?.kind !== 'linear' ||
    layer.bias ||
    feeds !== 1 ||
    st.origin.get(x.id)?.endsWith('(MatMul)') !== true
  )
    throw new OnnxError(
      `${what} adds a constant to a feature map; the app adds a constant only as a MatMul's bias`,
    );
  const bias = Array.from(st.weight(node, constIndex, 'bias'));
  if (bias.length !== layer.outFeatures && bias.length !== 1)
    throw new OnnxError(
      `${what}: a bias of ${bias.length} values for ${layer.outFeatures} outputs`,
    );
  const full = bias.length === 1 ? new Array<number>(layer.outFeatures).fill(bias[0]) : bias;
  const linear: LinearLayer = { ...layer, bias: true };
  st.replaceLayer(x.id, linear, { ...st.weights[x.id], bias: full });
  st.note('MatMul + Add read as one linear layer with a bias');
  st.alias(out0(node), x);
}
