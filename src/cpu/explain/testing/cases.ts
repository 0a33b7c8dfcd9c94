// Test support: the networks the explanations are checked on (against PyTorch, and GPU against
// CPU), with the app's seeded parameters, and an input for each.

import { inferShapes, type OkShape } from '../../../core/infer';
import {
  activation,
  batchNorm,
  conv2d,
  linear,
  pool2d,
  simple,
  type Network,
} from '../../../core/layers';
import { getPreset } from '../../../core/presets';
import { createRng } from '../../../core/rng';
import { initLayerParams, type LayerParams } from '../../../core/weights';

export interface ExplainCase {
  readonly label: string;
  readonly network: Network;
  readonly params: Record<string, LayerParams>;
  readonly image: Float32Array;
  /** Grad-CAM layers to check (the default first). */
  readonly camLayers: readonly string[];
}

/** A tiny ResNet: stem, one downsampling basic block with a 1×1 stride-2 shortcut, head. */
export const tinyResNet: Network = {
  input: { n: 1, c: 3, h: 16, w: 16 },
  layers: [
    conv2d('stem', 8, 3, { padding: 1, bias: false }),
    batchNorm('bn0'),
    activation('r0', 'relu'),
    conv2d('c1', 16, 3, { stride: 2, padding: 1, bias: false }),
    batchNorm('bn1'),
    activation('r1', 'relu'),
    conv2d('c2', 16, 3, { padding: 1, bias: false }),
    batchNorm('bn2'),
    conv2d('down', 16, 1, { stride: 2, inputs: ['r0'] }),
    simple('sum', 'add', ['bn2', 'down']),
    activation('r2', 'relu'),
    simple('gap', 'globalAvgPool'),
    simple('flat', 'flatten'),
    linear('fc', 10),
  ],
};

/** Every other layer kind: reflect and replicate padding, groups, GELU, a residual add, max
 *  pooling, a concat, layer norm, ceil-mode average pooling, leaky ReLU, dropout, a softmax. */
export const mixedNetwork: Network = {
  input: { n: 1, c: 3, h: 12, w: 12 },
  layers: [
    conv2d('a', 6, 3, { padding: 1, bias: false }),
    { id: 'bna', kind: 'batchNorm', eps: 1e-5 },
    activation('ra', 'relu'),
    conv2d('b', 6, 3, { padding: 1, paddingMode: 'reflect', groups: 2 }),
    activation('gb', 'gelu'),
    simple('sum', 'add', ['ra', 'gb']),
    pool2d('mp', 'maxPool2d', 2),
    conv2d('c1', 4, 1, { inputs: ['mp'] }),
    conv2d('c2', 4, 3, { padding: 'same', paddingMode: 'replicate', inputs: ['mp'] }),
    simple('cat', 'concat', ['c1', 'c2']),
    { id: 'ln', kind: 'layerNorm', eps: 1e-5, affine: true },
    pool2d('ap', 'avgPool2d', 3, { stride: 2, padding: 1, ceilMode: true }),
    activation('lk', 'leakyRelu', { alpha: 0.1 }),
    simple('f', 'flatten'),
    { id: 'drop', kind: 'dropout', p: 0.25 },
    linear('fc1', 16),
    activation('t', 'tanh'),
    linear('fc2', 5),
    simple('sm', 'softmax'),
  ],
};

/**
 * The app's seeded parameters; biases, γ, β and running statistics moved away from their
 * initial 0 / 1 (so batch norm in inference mode is not the identity).
 */
export function seededParams(network: Network, seed: number): Record<string, LayerParams> {
  const rng = createRng(seed + 101);
  const out: Record<string, LayerParams> = {};
  for (const ls of inferShapes(network).layers as OkShape[]) {
    const p = { ...initLayerParams(ls, seed) } as Record<string, Float32Array>;
    if (Object.keys(p).length === 0) continue;
    for (const [k, v] of Object.entries(p)) {
      if (k === 'weight') continue;
      p[k] = v.map(() => {
        const u = rng.next();
        return k === 'gamma' || k === 'runningVar' ? 0.5 + u : 0.2 * (u - 0.5);
      });
    }
    out[ls.id] = p as LayerParams;
  }
  return out;
}

export function randomImage(network: Network, seed: number): Float32Array {
  const { c, h, w } = network.input;
  const rng = createRng(seed);
  return Float32Array.from({ length: c * h * w }, () => rng.next());
}

const preset = (id: string) => getPreset(id)!.network;

export function explainCases(): ExplainCase[] {
  const make = (label: string, network: Network, camLayers: string[]): ExplainCase => ({
    label,
    network,
    params: seededParams(network, 7),
    image: randomImage(network, 11),
    camLayers,
  });
  return [
    make('LeNet-5 x=[1,32,32]', preset('lenet5'), ['c3', 'c1']),
    make('tiny ResNet x=[3,16,16]', tinyResNet, ['c2', 'stem']),
    make('Tiny VGG x=[3,64,64]', preset('tinyvgg'), ['conv_2_2', 'conv_1_2']),
    make('every layer kind x=[3,12,12]', mixedNetwork, ['c2', 'b']),
  ];
}
