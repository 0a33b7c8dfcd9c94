// ONNX nodes with a sliding window → conv and pooling layers: Conv, MaxPool, AveragePool, and the
// Pad nodes folded into them. The core pads symmetrically (or TensorFlow-style 'same', one extra
// cell at the end), so asymmetric pads are kept only where they equal 'same' on this input.

import type { onnx } from 'onnx-proto';
import type { Padding, PaddingMode, Pair } from '../layers';
import { samePadding, samePlan } from '../shape';
import { intList } from './constants';
import { nodeLabel, OnnxError } from './errors';
import type { ImportState, PaddedValue, TensorValue } from './importState';
import { attrFloat, attrInt, attrInts, attrString, attributesOf, type Attributes } from './tensors';

type Pads = readonly [number, number, number, number];

const PAD_MODES: Readonly<Record<string, PaddingMode>> = {
  constant: 'zeros',
  reflect: 'reflect',
  edge: 'replicate',
};

/** Pad: a border on H and W only, of zeros / reflect / edge, kept until the next node folds it. */
export function importPad(node: onnx.INodeProto, st: ImportState): void {
  const what = nodeLabel(node);
  const attrs = attributesOf(node);
  const src = st.tensor(node, 0);
  const modeName = attrString(attrs, 'mode', what) ?? 'constant';
  const mode = PAD_MODES[modeName];
  if (!mode)
    throw new OnnxError(
      `${what} pads in '${modeName}' mode; the app pads with zeros, reflect or edge`,
    );
  let pads =
    st.opset >= 11
      ? intList(st.needConstant(node, 1, 'pads'), `${what}: pads`)
      : (attrInts(attrs, 'pads', what) ?? []);
  const value =
    st.opset >= 11
      ? node.input?.[2]
        ? st.needConstant(node, 2, 'constant value').data[0]
        : 0
      : (attrFloat(attrs, 'value', what) ?? 0);
  if (mode === 'zeros' && value !== 0)
    throw new OnnxError(`${what} pads with the constant ${value}; the app pads only with 0`);
  const axesName = node.input?.[3];
  if (axesName) {
    const axes = intList(st.needConstant(node, 3, 'axes'), `${what}: axes`).map((a) =>
      a < 0 ? a + src.rank : a,
    );
    const full = new Array<number>(2 * src.rank).fill(0);
    axes.forEach((a, k) => {
      full[a] = pads[k];
      full[a + src.rank] = pads[k + axes.length];
    });
    pads = full;
  }
  if (src.rank !== 4 || pads.length !== 8)
    throw new OnnxError(
      `${what} pads a tensor of rank ${src.rank}; the app folds only 2-D Pads on feature maps`,
    );
  const [n0, c0, top, left, n1, c1, bottom, right] = pads;
  if (n0 || c0 || n1 || c1)
    throw new OnnxError(
      `${what} pads the batch or channel axis; the app pads only height and width`,
    );
  if (pads.some((p) => p < 0))
    throw new OnnxError(`${what} crops (negative pads), which the app has no layer for`);
  if (top + left + bottom + right === 0) {
    st.note('Pad nodes of zero width skipped');
    st.alias(node.output?.[0] ?? '', src);
    return;
  }
  const padded: PaddedValue = {
    kind: 'padded',
    src,
    pads: [top, left, bottom, right],
    mode,
    label: what,
  };
  st.values.set(node.output?.[0] ?? '', padded);
}

/** A window node's input: a feature map, or a padded one with its pads and fill. */
function windowInput(node: onnx.INodeProto, st: ImportState) {
  const v = st.value(node, 0);
  if (v.kind === 'padded') return { src: v.src, pad: v };
  return { src: st.tensor(node, 0), pad: null };
}

function pair(
  v: readonly number[] | undefined,
  fallback: number,
  name: string,
  what: string,
): Pair {
  if (v === undefined) return [fallback, fallback];
  if (v.length !== 2)
    throw new OnnxError(
      `${what}: '${name}' has ${v.length} values; the app works on 2-D windows (2 values)`,
    );
  return [v[0], v[1]];
}

function ownPads(attrs: Attributes, what: string): Pads {
  const p = attrInts(attrs, 'pads', what) ?? [0, 0, 0, 0];
  if (p.length !== 4)
    throw new OnnxError(`${what}: 'pads' has ${p.length} values; a 2-D window has 4`);
  if (p.some((x) => x < 0)) throw new OnnxError(`${what}: negative pads`);
  return [p[0], p[1], p[2], p[3]];
}

const fmtPads = (p: Pads) => `top ${p[0]}, left ${p[1]}, bottom ${p[2]}, right ${p[3]}`;

/** Conv: weights [C_out, C_in/G, K_h, K_w], optional bias; a Pad before it sets padding and mode. */
export function importConv(node: onnx.INodeProto, st: ImportState): void {
  const what = nodeLabel(node);
  const attrs = attributesOf(node);
  const { src, pad } = windowInput(node, st);
  const wc = st.needConstant(node, 1, 'weight');
  if (wc.dims.length !== 4 || src.rank !== 4)
    throw new OnnxError(
      `${what} is not a 2-D convolution (weight of rank ${wc.dims.length}); the app has 2-D convolutions only`,
    );
  const [cout, , kh, kw] = wc.dims;
  const kernel = pair(attrInts(attrs, 'kernel_shape', what), 0, 'kernel_shape', what);
  if (attrs.has('kernel_shape') && (kernel[0] !== kh || kernel[1] !== kw))
    throw new OnnxError(
      `${what}: kernel_shape ${kernel[0]}×${kernel[1]} does not match its ${kh}×${kw} weight`,
    );
  const stride = pair(attrInts(attrs, 'strides', what), 1, 'strides', what);
  const dilation = pair(attrInts(attrs, 'dilations', what), 1, 'dilations', what);
  const groups = attrInt(attrs, 'group', what) ?? 1;
  const own = ownPads(attrs, what);
  const mode = pad?.mode ?? 'zeros';
  if (pad && mode !== 'zeros' && own.some((p) => p > 0))
    throw new OnnxError(
      `${pad.label} (${mode}) and ${what}'s own zero pads together are not one padding the app can hold`,
    );
  const total: Pads = [0, 1, 2, 3].map((i) => own[i] + (pad?.pads[i] ?? 0)) as unknown as Pads;
  const autoPad = attrString(attrs, 'auto_pad', what) ?? 'NOTSET';
  const padding = convPadding(st, src, what, total, autoPad, [kh, kw], stride, dilation);
  const weight = st.weight(node, 1, 'weight');
  const hasBias = (node.input?.[2] ?? '') !== '';
  const bias = hasBias ? st.weight(node, 2, 'bias', cout) : null;
  if (pad)
    st.note(`Pad (${mode === 'zeros' ? 'constant 0' : mode}) folded into the convolution after it`);
  st.addLayer(
    node,
    {
      kind: 'conv2d',
      outChannels: cout,
      kernel: [kh, kw],
      stride,
      padding,
      paddingMode: mode,
      dilation,
      groups,
      bias: hasBias,
    },
    [src],
    4,
    { weight: Array.from(weight), ...(bias ? { bias: Array.from(bias) } : {}) },
  );
}

function convPadding(
  st: ImportState,
  src: TensorValue,
  what: string,
  pads: Pads,
  autoPad: string,
  kernel: Pair,
  stride: Pair,
  dilation: Pair,
): Padding {
  const shape = () => st.shapeOf(src);
  if (autoPad === 'SAME_UPPER') return 'same';
  if (autoPad === 'VALID') return 'valid';
  if (autoPad === 'SAME_LOWER') {
    const [, , H, W] = shape();
    const even = [
      samePlan(H, kernel[0], stride[0], dilation[0]),
      samePlan(W, kernel[1], stride[1], dilation[1]),
    ];
    if (even.every((p) => p.total % 2 === 0)) return 'same';
    throw new OnnxError(
      `${what} uses auto_pad SAME_LOWER with the odd cell at the start; the app's 'same' puts it at the end`,
    );
  }
  if (autoPad !== 'NOTSET') throw new OnnxError(`${what}: auto_pad '${autoPad}' is not read`);
  const [top, left, bottom, right] = pads;
  if (top === bottom && left === right) return [top, left];
  const [, , H, W] = shape();
  const sh = samePadding(H, kernel[0], stride[0], dilation[0]);
  const sw = samePadding(W, kernel[1], stride[1], dilation[1]);
  if (sh[0] === top && sh[1] === bottom && sw[0] === left && sw[1] === right) return 'same';
  throw new OnnxError(
    `${what} pads asymmetrically (${fmtPads(pads)}), which matches no padding setting of the app (symmetric, or 'same' with the odd cell at the end)`,
  );
}

/** MaxPool / AveragePool: 2-D windows, symmetric pads, ceil mode; a zero Pad before an average pool. */
export function importPool(node: onnx.INodeProto, st: ImportState): void {
  const what = nodeLabel(node);
  const attrs = attributesOf(node);
  const max = node.opType === 'MaxPool';
  const { src, pad } = windowInput(node, st);
  if (src.rank !== 4)
    throw new OnnxError(
      `${what} pools a tensor of rank ${src.rank}; the app pools 2-D feature maps`,
    );
  const kernel = pair(attrInts(attrs, 'kernel_shape', what), 0, 'kernel_shape', what);
  if (!attrs.has('kernel_shape')) throw new OnnxError(`${what} has no kernel_shape`);
  const stride = pair(attrInts(attrs, 'strides', what), 1, 'strides', what);
  const dil = pair(attrInts(attrs, 'dilations', what), 1, 'dilations', what);
  if (dil[0] !== 1 || dil[1] !== 1)
    throw new OnnxError(`${what} is dilated (${dil[0]}×${dil[1]}); the app's pooling is not`);
  const autoPad = attrString(attrs, 'auto_pad', what) ?? 'NOTSET';
  if (autoPad !== 'NOTSET' && autoPad !== 'VALID')
    throw new OnnxError(`${what} uses auto_pad '${autoPad}'; the app reads explicit pads`);
  const ceilMode = (attrInt(attrs, 'ceil_mode', what) ?? 0) === 1;
  let countIncludePad = (attrInt(attrs, 'count_include_pad', what) ?? 0) === 1;
  const own = autoPad === 'VALID' ? ([0, 0, 0, 0] as const) : ownPads(attrs, what);
  if (own[0] !== own[2] || own[1] !== own[3])
    throw new OnnxError(
      `${what} pads asymmetrically (${fmtPads(own)}); the app's pooling pads symmetrically`,
    );
  let padding: Pair = [own[0], own[1]];
  if (pad) {
    // PyTorch writes AvgPool2d(padding=p) as a zero Pad and an unpadded AveragePool.
    const [t, l, b, r] = pad.pads;
    const foldable =
      !max && pad.mode === 'zeros' && own.every((p) => p === 0) && t === b && l === r && !ceilMode;
    if (!foldable)
      throw new OnnxError(
        `${pad.label} pads (${pad.mode === 'zeros' ? 'constant 0' : pad.mode}) before ${what}; the app folds only a symmetric zero Pad into an average pooling without ceil mode`,
      );
    padding = [t, l];
    countIncludePad = true;
    st.note('Pad (constant 0) folded into the average pooling after it');
  }
  st.onlyFirstOutput(node);
  st.addLayer(
    node,
    max
      ? { kind: 'maxPool2d', kernel, stride, padding, ceilMode }
      : { kind: 'avgPool2d', kernel, stride, padding, ceilMode, countIncludePad },
    [src],
    4,
  );
}
