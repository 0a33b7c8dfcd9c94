// ONNX nodes → layers, by op type (NODE_HANDLERS). Here: normalization, activations, the joins
// (Sum, Concat), flattening (Flatten, Reshape to [N, -1]), Softmax, and the nodes that change
// nothing at inference (Identity, Dropout). importWindow.ts has Conv, pooling and Pad;
// importDense.ts Gemm, MatMul and Add.

import type { onnx } from 'onnx-proto';
import { intList } from './constants';
import { nodeLabel, OnnxError } from './errors';
import type { ImportState } from './importState';
import { add, gemm, matMul } from './importDense';
import { importConv, importPad, importPool } from './importWindow';
import { attrFloat, attrInt, attributesOf } from './tensors';

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
  if (attrInt(attributesOf(node), 'allowzero', what) === 1 && target.includes(0))
    throw new OnnxError(`${what} reshapes to a literal size 0 (allowzero = 1)`);
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
