// ONNX nodes without a window → layers: normalization, activations, dense layers (Gemm, MatMul +
// Add), the joins (Add, Sum, Concat), flattening (Flatten, Reshape to [N, -1]), Softmax, and the
// nodes that change nothing at inference (Identity, Dropout). importWindow.ts has Conv and pooling.

import type { onnx } from 'onnx-proto';
import type { LinearLayer } from '../layers';
import { intList } from './constants';
import { nodeLabel, OnnxError } from './errors';
import type { ImportState, TensorValue } from './importState';
import { importConv, importPad, importPool } from './importWindow';
import { attrFloat, attrInt, attributesOf, type ConstTensor } from './tensors';

type Handler = (node: onnx.INodeProto, st: ImportState) => void;

const label = nodeLabel;
const out0 = (node: onnx.INodeProto) => node.output?.[0] ?? '';
const normAxis = (axis: number, rank: number) => (axis < 0 ? axis + rank : axis);

const activation =
  (fn: 'relu' | 'sigmoid' | 'tanh'): Handler =>
  (node, st) => {
    const x = st.tensor(node, 0);
    st.addLayer(node, { kind: 'activation', fn }, [x], x.rank);
  };

/** A scalar constant input of Clip (opset ≥ 11), or an attribute before it. */
function clipBound(
  node: onnx.INodeProto,
  st: ImportState,
  index: number,
  name: string,
): number | null {
  if (st.opset < 11) return attrFloat(attributesOf(node), name, label(node)) ?? null;
  if (!node.input?.[index]) return null;
  const c = st.needConstant(node, index, `${name} bound`);
  if (c.data.length !== 1)
    throw new OnnxError(`${label(node)}: the ${name} bound is not a single number`);
  return c.data[0];
}

function clip(node: onnx.INodeProto, st: ImportState): void {
  const x = st.tensor(node, 0);
  const lo = clipBound(node, st, 1, 'min');
  const hi = clipBound(node, st, 2, 'max');
  const fn =
    lo === 0 && hi === 6 ? 'relu6' : lo === 0 && (hi === null || hi === Infinity) ? 'relu' : null;
  if (!fn)
    throw new OnnxError(
      `${label(node)} clips to [${lo ?? '−∞'}, ${hi ?? '∞'}]; the app reads Clip(0, 6) as ReLU6 and Clip(0) as ReLU`,
    );
  // PyTorch writes ReLU6 as Relu then Clip(0, 6): one layer, as the network was written.
  const prev = st.layers.find((l) => l.id === x.id);
  const only = st.readers.get(node.input?.[0] ?? '') === 1;
  if (fn === 'relu6' && prev?.kind === 'activation' && prev.fn === 'relu' && only) {
    st.replaceLayer(x.id, { ...prev, fn: 'relu6' });
    st.note('Relu + Clip(0, 6) read as one ReLU6');
    st.alias(out0(node), x);
    return;
  }
  st.addLayer(node, { kind: 'activation', fn }, [x], x.rank);
}

function leakyRelu(node: onnx.INodeProto, st: ImportState): void {
  const x = st.tensor(node, 0);
  const alpha = attrFloat(attributesOf(node), 'alpha', label(node)) ?? 0.01;
  // Stored in float32 in the file (0.2 arrives as 0.20000000298…): keep the value it meant.
  st.addLayer(
    node,
    { kind: 'activation', fn: 'leakyRelu', alpha: Number(alpha.toPrecision(7)) },
    [x],
    x.rank,
  );
}

function batchNorm(node: onnx.INodeProto, st: ImportState): void {
  const what = label(node);
  const attrs = attributesOf(node);
  const x = st.tensor(node, 0);
  if ((attrInt(attrs, 'training_mode', what) ?? 0) !== 0)
    throw new OnnxError(`${what} is in training mode; export the model in eval mode`);
  if ((attrInt(attrs, 'spatial', what) ?? 1) !== 1)
    throw new OnnxError(`${what} normalizes per position (spatial = 0), which the app does not`);
  st.onlyFirstOutput(node);
  // One value per channel; the importer checks every length against the inferred shapes at the end.
  const c = st.needConstant(node, 1, 'scale').data.length;
  const eps = attrFloat(attrs, 'epsilon', what) ?? 1e-5;
  const [gamma, beta, runningMean, runningVar] = ['scale', 'bias', 'mean', 'variance'].map((n, i) =>
    Array.from(st.weight(node, i + 1, n, c)),
  );
  st.addLayer(node, { kind: 'batchNorm', eps: Number(eps.toPrecision(7)) }, [x], x.rank, {
    gamma,
    beta,
    runningMean,
    runningVar,
  });
}

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

function gemm(node: onnx.INodeProto, st: ImportState): void {
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

function matMul(node: onnx.INodeProto, st: ImportState): void {
  const x = flatInput(node, st);
  const bc = st.needConstant(node, 1, 'weight');
  const dense = denseWeight(bc, st.weight(node, 1, 'weight'), false, label(node));
  st.addLayer(node, { kind: 'linear', outFeatures: dense.out, bias: false }, [x], 2, {
    weight: dense.weight,
  });
}

/** Add: two feature maps → an add layer; a MatMul's output + a constant → that linear's bias. */
function add(node: onnx.INodeProto, st: ImportState): void {
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

function sum(node: onnx.INodeProto, st: ImportState): void {
  const xs = (node.input ?? []).map((_, i) => st.tensor(node, i));
  if (xs.length === 1) st.alias(out0(node), xs[0]);
  else st.addLayer(node, { kind: 'add' }, xs, xs[0].rank);
}

function concat(node: onnx.INodeProto, st: ImportState): void {
  const xs = (node.input ?? []).map((_, i) => st.tensor(node, i));
  const axis = attrInt(attributesOf(node), 'axis', label(node)) ?? 1;
  if (normAxis(axis, xs[0].rank) !== 1)
    throw new OnnxError(
      `${label(node)} joins along axis ${axis}; the app concatenates channels (axis 1)`,
    );
  st.addLayer(node, { kind: 'concat' }, xs, xs[0].rank);
}

function flatten(node: onnx.INodeProto, st: ImportState): void {
  const x = st.tensor(node, 0);
  const axis = attrInt(attributesOf(node), 'axis', label(node)) ?? 1;
  if (normAxis(axis, x.rank) !== 1)
    throw new OnnxError(
      `${label(node)} flattens from axis ${axis}; the app flattens from axis 1 ([N, C·H·W])`,
    );
  st.addLayer(node, { kind: 'flatten' }, [x], 2);
}

/** Reshape to [N, -1] (or [N, C·H·W]): a flatten. Other shapes have no layer in the app. */
function reshape(node: onnx.INodeProto, st: ImportState): void {
  const what = label(node);
  const x = st.tensor(node, 0);
  const target = intList(st.needConstant(node, 1, 'target shape'), `${what}: shape`);
  const shape = st.shapeOf(x);
  const flat = shape.slice(1).reduce((p, q) => p * q, 1);
  const [a, b] = target;
  const batchOk = a === 0 || a === shape[0] || (a === -1 && b === flat);
  if (target.length !== 2 || !batchOk || (b !== -1 && b !== flat))
    throw new OnnxError(
      `${what} reshapes [${shape.join(', ')}] to [${target.join(', ')}]; the app reads only a flatten to [N, -1]`,
    );
  st.note('Reshape to [N, -1] read as flatten');
  st.addLayer(node, { kind: 'flatten' }, [x], 2);
}

function softmax(node: onnx.INodeProto, st: ImportState): void {
  const x = st.tensor(node, 0);
  const axis = normAxis(
    attrInt(attributesOf(node), 'axis', label(node)) ?? (st.opset >= 13 ? -1 : 1),
    x.rank,
  );
  // Before opset 13 Softmax flattened everything from `axis` on: axis 1 of a 4-D map is not per channel.
  const ok = x.rank === 2 ? axis === 1 : st.opset >= 13 && axis === 1;
  if (!ok)
    throw new OnnxError(
      `${label(node)} takes the softmax over axis ${axis} of a rank-${x.rank} tensor${st.opset < 13 && x.rank > 2 ? ` (opset ${st.opset} flattens it first)` : ''}; the app's runs along axis 1`,
    );
  st.addLayer(node, { kind: 'softmax' }, [x], x.rank);
}

function dropout(node: onnx.INodeProto, st: ImportState): void {
  const what = label(node);
  const x = st.tensor(node, 0);
  st.onlyFirstOutput(node);
  if (node.input?.[2]) {
    const training = st.needConstant(node, 2, 'training mode').data[0];
    if (training) throw new OnnxError(`${what} is in training mode; export the model in eval mode`);
  }
  const ratio = node.input?.[1]
    ? st.needConstant(node, 1, 'ratio').data[0]
    : (attrFloat(attributesOf(node), 'ratio', what) ?? 0.5);
  st.note('Dropout kept as dropout (it passes values unchanged at inference)');
  st.addLayer(node, { kind: 'dropout', p: Number(ratio.toPrecision(7)) }, [x], x.rank);
}

function identity(node: onnx.INodeProto, st: ImportState): void {
  st.note('Identity nodes skipped');
  st.alias(out0(node), st.tensor(node, 0));
}

function globalAvgPool(node: onnx.INodeProto, st: ImportState): void {
  const x = st.tensor(node, 0);
  if (x.rank !== 4) throw new OnnxError(`${label(node)} pools a tensor of rank ${x.rank}`);
  st.addLayer(node, { kind: 'globalAvgPool' }, [x], 4);
}

/** Every node type that becomes a layer (or folds into one), by op type. */
export const NODE_HANDLERS: Readonly<Record<string, Handler>> = {
  Conv: importConv,
  MaxPool: importPool,
  AveragePool: importPool,
  GlobalAveragePool: globalAvgPool,
  BatchNormalization: batchNorm,
  Relu: activation('relu'),
  LeakyRelu: leakyRelu,
  Sigmoid: activation('sigmoid'),
  Tanh: activation('tanh'),
  Clip: clip,
  Gemm: gemm,
  MatMul: matMul,
  Add: add,
  Sum: sum,
  Concat: concat,
  Flatten: flatten,
  Reshape: reshape,
  Softmax: softmax,
  Pad: importPad,
  Dropout: dropout,
  Identity: identity,
};
