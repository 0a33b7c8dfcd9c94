// One shape-checked layer → the ONNX nodes (opset 13) that compute exactly what the core computes.
// Sizes and pads come from shape inference (the layer's window info), never re-derived here.
// Layer norm is written out with ReduceMean, Sub, Mul, Add, Sqrt and Div (LayerNormalization
// arrives only in opset 17); gelu as x·½·(1 + erf(x/√2)); silu as x·sigmoid(x); relu6 as Clip.

import type { OkShape } from '../infer';
import type { ActivationLayer, Conv2dLayer, Pool2dLayer } from '../layers';
import type { AxisInfo } from '../shape';
import type { LayerParams } from '../weights';
import type { GraphBuilder } from './exportGraph';
import { OnnxError } from './errors';

const PAD_MODE = { replicate: 'edge', reflect: 'reflect' } as const;

const need = (v: Float32Array | undefined, what: string, id: string): Float32Array => {
  if (!v) throw new OnnxError(`layer '${id}' has no ${what} to export`);
  return v;
};

/** Every K_h×K_w kernel turned by 180°: a true convolution as the cross-correlation ONNX computes. */
export function flipKernels(w: Float32Array, taps: number): Float32Array {
  const out = new Float32Array(w.length);
  for (let base = 0; base < w.length; base += taps)
    for (let t = 0; t < taps; t++) out[base + t] = w[base + taps - 1 - t];
  return out;
}

function conv(
  b: GraphBuilder,
  ls: OkShape,
  layer: Conv2dLayer,
  p: LayerParams,
  x: string,
  out: string,
) {
  const { h, w } = ls.window!;
  const cin = ls.inputShapes[0][1] / layer.groups;
  const taps = layer.kernel[0] * layer.kernel[1];
  const raw = need(p.weight, 'weights', ls.id);
  const weight = b.floats(
    `${ls.id}.weight`,
    [layer.outChannels, cin, ...layer.kernel],
    layer.trueConvolution ? flipKernels(raw, taps) : raw,
  );
  const inputs = [x, weight];
  if (layer.bias)
    inputs.push(b.floats(`${ls.id}.bias`, [layer.outChannels], need(p.bias, 'bias', ls.id)));
  let pads = [h.padBegin, w.padBegin, h.padEnd, w.padEnd];
  if (layer.paddingMode !== 'zeros' && pads.some((v) => v > 0)) {
    // Conv pads with zeros only: reflect / replicate borders are an explicit Pad first.
    const padValues = b.ints(`${ls.id}.pads`, [0, 0, pads[0], pads[1], 0, 0, pads[2], pads[3]]);
    inputs[0] = b.node('Pad', [x, padValues], `${ls.id}/Pad`, {
      mode: { str: PAD_MODE[layer.paddingMode] },
    });
    pads = [0, 0, 0, 0];
  }
  b.node(
    'Conv',
    inputs,
    ls.id,
    {
      kernel_shape: { ints: layer.kernel },
      strides: { ints: layer.stride },
      dilations: { ints: layer.dilation },
      pads: { ints: pads },
      group: { int: layer.groups },
    },
    out,
  );
}

function activation(b: GraphBuilder, id: string, layer: ActivationLayer, x: string, out: string) {
  const one = (op: string, attrs = {}) => b.node(op, [x], id, attrs, out);
  switch (layer.fn) {
    case 'relu':
      return one('Relu');
    case 'sigmoid':
      return one('Sigmoid');
    case 'tanh':
      return one('Tanh');
    case 'identity':
      return one('Identity');
    case 'leakyRelu':
      return one('LeakyRelu', { alpha: { float: layer.alpha ?? 0.01 } });
    case 'relu6':
      return b.node('Clip', [x, b.scalar(`${id}.min`, 0), b.scalar(`${id}.max`, 6)], id, {}, out);
    case 'silu':
      return b.node('Mul', [x, b.node('Sigmoid', [x], `${id}/Sigmoid`)], id, {}, out);
    case 'gelu': {
      const erf = b.node(
        'Erf',
        [b.node('Div', [x, b.scalar(`${id}.sqrt2`, Math.SQRT2)], `${id}/Div`)],
        `${id}/Erf`,
      );
      const onePlus = b.node('Add', [erf, b.scalar(`${id}.one`, 1)], `${id}/Add`);
      const half = b.node('Mul', [x, b.scalar(`${id}.half`, 0.5)], `${id}/Half`);
      return b.node('Mul', [half, onePlus], id, {}, out);
    }
  }
}

/** (x − mean) / √(var + eps) over every axis but the batch, then · gamma + beta elementwise. */
function layerNorm(
  b: GraphBuilder,
  ls: OkShape,
  p: LayerParams,
  eps: number,
  x: string,
  out: string,
) {
  const id = ls.id;
  const rank = ls.inputShapes[0].length;
  const axes = { ints: Array.from({ length: rank - 1 }, (_, i) => i + 1) };
  const mean = b.node('ReduceMean', [x], `${id}/Mean`, { axes, keepdims: { int: 1 } });
  const d = b.node('Sub', [x, mean], `${id}/Sub`);
  const variance = b.node('ReduceMean', [b.node('Mul', [d, d], `${id}/Square`)], `${id}/Var`, {
    axes,
    keepdims: { int: 1 },
  });
  const std = b.node(
    'Sqrt',
    [b.node('Add', [variance, b.scalar(`${id}.eps`, eps)], `${id}/AddEps`)],
    `${id}/Sqrt`,
  );
  if (!p.gamma || !p.beta) return b.node('Div', [d, std], id, {}, out);
  const normed = b.node('Div', [d, std], `${id}/Div`);
  const dims = ls.inputShapes[0].slice(1);
  const scaled = b.node('Mul', [normed, b.floats(`${id}.gamma`, dims, p.gamma)], `${id}/Scale`);
  return b.node('Add', [scaled, b.floats(`${id}.beta`, dims, p.beta)], id, {}, out);
}

/**
 * ONNX's shape formula for ceil mode, ⌈(I + 2P − K)/S⌉ + 1, keeps a last window that starts in the
 * end padding; PyTorch (and the core) drop it. ONNX Runtime computes PyTorch's size, but ONNX's
 * shape inference does not, so where the two differ the pooling is written without ceil mode:
 * explicit end pads just long enough for the core's last window (max pooling pads with −∞; an
 * average counts real cells, or — counting padding — the zero border is an explicit Pad first).
 */
function pool(b: GraphBuilder, ls: OkShape, layer: Pool2dLayer, x: string, out: string) {
  const { h, w } = ls.window!;
  const op = layer.kind === 'maxPool2d' ? 'MaxPool' : 'AveragePool';
  const avg = layer.kind === 'avgPool2d';
  const includePad = avg && layer.countIncludePad !== false;
  const naive = (a: AxisInfo) =>
    Math.ceil((a.size + a.padBegin + a.padEnd - a.kernel) / a.stride) + 1;
  const common = { kernel_shape: { ints: layer.kernel }, strides: { ints: layer.stride } };
  if (!layer.ceilMode || (naive(h) === h.out && naive(w) === w.out)) {
    const [ph, pw] = layer.padding;
    return b.node(
      op,
      [x],
      ls.id,
      {
        ...common,
        pads: { ints: [ph, pw, ph, pw] },
        ceil_mode: { int: layer.ceilMode ? 1 : 0 },
        ...(avg ? { count_include_pad: { int: includePad ? 1 : 0 } } : {}),
      },
      out,
    );
  }
  // Counting the padding: the zero border becomes real cells of an explicit Pad first.
  const padFirst = includePad && layer.padding.some((p) => p > 0);
  const src = padFirst
    ? b.node(
        'Pad',
        [x, b.ints(`${ls.id}.pads`, [0, 0, h.padBegin, w.padBegin, 0, 0, h.padEnd, w.padEnd])],
        `${ls.id}/Pad`,
        {
          mode: { str: 'constant' },
        },
      )
    : x;
  const begin = (a: AxisInfo) => (padFirst ? 0 : a.padBegin);
  const extent = (a: AxisInfo) => (padFirst ? a.padded : a.size);
  // Floor mode with this end pad gives exactly the core's out windows, starting where they do.
  const end = (a: AxisInfo) =>
    Math.max(0, (a.out - 1) * a.stride + a.kernel - extent(a) - begin(a));
  return b.node(
    op,
    [src],
    ls.id,
    {
      ...common,
      pads: { ints: [begin(h), begin(w), end(h), end(w)] },
      ceil_mode: { int: 0 },
      ...(avg ? { count_include_pad: { int: 0 } } : {}),
    },
    out,
  );
}

/** Writes one layer reading `inputs` into the value `out`. */
export function emitLayer(
  b: GraphBuilder,
  ls: OkShape,
  p: LayerParams,
  inputs: readonly string[],
  out: string,
) {
  const { layer, id } = ls;
  const x = inputs[0];
  switch (layer.kind) {
    case 'conv2d':
      return conv(b, ls, layer, p, x, out);
    case 'maxPool2d':
    case 'avgPool2d':
      return pool(b, ls, layer, x, out);
    case 'globalAvgPool':
      return b.node('GlobalAveragePool', [x], id, {}, out);
    case 'batchNorm': {
      const c = ls.inputShapes[0][1];
      const names = (['gamma', 'beta', 'runningMean', 'runningVar'] as const).map((f) =>
        b.floats(`${id}.${f}`, [c], need(p[f], f, id)),
      );
      return b.node(
        'BatchNormalization',
        [x, ...names],
        id,
        { epsilon: { float: layer.eps } },
        out,
      );
    }
    case 'layerNorm':
      return layerNorm(b, ls, p, layer.eps, x, out);
    case 'activation':
      return activation(b, id, layer, x, out);
    case 'flatten':
      return b.node('Flatten', [x], id, { axis: { int: 1 } }, out);
    case 'dropout':
      // Opset 13 Dropout without training_mode is the identity; the ratio is kept for the record.
      return b.node('Dropout', [x, b.scalar(`${id}.ratio`, layer.p)], id, {}, out);
    case 'linear': {
      const weight = b.floats(
        `${id}.weight`,
        [layer.outFeatures, ls.inputShapes[0][1]],
        need(p.weight, 'weights', id),
      );
      const ins = [x, weight];
      if (layer.bias)
        ins.push(b.floats(`${id}.bias`, [layer.outFeatures], need(p.bias, 'bias', id)));
      return b.node('Gemm', ins, id, { transB: { int: 1 } }, out);
    }
    case 'softmax':
      return b.node('Softmax', [x], id, { axis: { int: 1 } }, out);
    case 'add':
      return b.node(inputs.length === 2 ? 'Add' : 'Sum', inputs, id, {}, out);
    case 'concat':
      return b.node('Concat', inputs, id, { axis: { int: 1 } }, out);
  }
}
