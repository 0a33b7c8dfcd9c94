// Small builders shared by the presets: thin wrappers over the constructors of ../layers that
// accept plain numbers for stride/padding/dilation and optional `inputs`/`name` on every kind,
// plus the conv → batch norm → activation triple most modern networks repeat.

import {
  activation,
  batchNorm,
  conv2d,
  linear,
  pair,
  pool2d,
  simple,
  type ActivationFn,
  type ActivationLayer,
  type BatchNormLayer,
  type Conv2dLayer,
  type Layer,
  type LinearLayer,
  type Pair,
  type Padding,
  type Pool2dLayer,
} from '../layers';

/** Where a layer reads from and what the UI calls it; both optional. */
export interface Wiring {
  readonly inputs?: readonly string[];
  readonly name?: string;
}

const wiring = (w: Wiring) => ({
  ...(w.name !== undefined ? { name: w.name } : {}),
  ...(w.inputs !== undefined ? { inputs: w.inputs } : {}),
});

export interface ConvOpts extends Wiring {
  readonly stride?: number | Pair;
  readonly padding?: number | Padding;
  readonly dilation?: number | Pair;
  readonly groups?: number;
  readonly bias?: boolean;
}

/** A conv layer with PyTorch's defaults (stride 1, padding 0, dilation 1, groups 1, bias). */
export const conv = (
  id: string,
  outChannels: number,
  kernel: number | Pair,
  o: ConvOpts = {},
): Conv2dLayer =>
  conv2d(id, outChannels, kernel, {
    stride: pair(o.stride ?? 1),
    padding: typeof o.padding === 'string' ? o.padding : pair(o.padding ?? 0),
    dilation: pair(o.dilation ?? 1),
    groups: o.groups ?? 1,
    bias: o.bias ?? true,
    ...wiring(o),
  });

export interface PoolOpts extends Wiring {
  readonly stride?: number | Pair;
  readonly padding?: number | Pair;
  readonly ceilMode?: boolean;
}

export const maxPool = (id: string, kernel: number | Pair, o: PoolOpts = {}): Pool2dLayer =>
  pool2d(id, 'maxPool2d', kernel, { ...o });

export const avgPool = (id: string, kernel: number | Pair, o: PoolOpts = {}): Pool2dLayer =>
  pool2d(id, 'avgPool2d', kernel, { ...o });

export const act = (id: string, fn: ActivationFn, w: Wiring = {}): ActivationLayer => ({
  ...activation(id, fn),
  ...wiring(w),
});

export const bn = (id: string, eps = 1e-5, w: Wiring = {}): BatchNormLayer => ({
  ...batchNorm(id, eps),
  ...wiring(w),
});

export const fc = (id: string, outFeatures: number, bias = true, w: Wiring = {}): LinearLayer => ({
  ...linear(id, outFeatures, bias),
  ...wiring(w),
});

export const flatten = (id = 'flatten', w: Wiring = {}) => ({
  ...simple(id, 'flatten'),
  ...wiring(w),
});
export const softmax = (id = 'softmax', w: Wiring = {}) => ({
  ...simple(id, 'softmax'),
  ...wiring(w),
});
export const globalAvgPool = (id = 'avgpool', w: Wiring = {}) => ({
  ...simple(id, 'globalAvgPool'),
  ...wiring(w),
});
export const add = (id: string, inputs: readonly string[], name?: string) => ({
  ...simple(id, 'add', inputs),
  ...wiring({ name }),
});
export const concat = (id: string, inputs: readonly string[], name?: string) => ({
  ...simple(id, 'concat', inputs),
  ...wiring({ name }),
});

export interface ConvBnActOpts extends ConvOpts {
  /** Batch-norm epsilon: 1e-5 in PyTorch, 1e-3 in Keras and torchvision's GoogLeNet. */
  readonly eps?: number;
  /** Activation after the batch norm; null for none (e.g. before a residual add). */
  readonly act?: ActivationFn | null;
}

/**
 * conv (bias=False unless asked) → batch norm → activation, with ids given explicitly so each
 * preset can follow its reference's module names. `opts.inputs`/`name` apply to the conv.
 */
export function convBnAct(
  ids: { readonly conv: string; readonly bn: string; readonly act?: string },
  outChannels: number,
  kernel: number | Pair,
  opts: ConvBnActOpts = {},
): Layer[] {
  const { eps = 1e-5, act: fn = 'relu', ...convOpts } = opts;
  const layers: Layer[] = [
    conv(ids.conv, outChannels, kernel, { bias: false, ...convOpts }),
    bn(ids.bn, eps),
  ];
  if (fn !== null) {
    if (ids.act === undefined)
      throw new Error(`convBnAct '${ids.conv}': an activation needs an id`);
    layers.push(act(ids.act, fn));
  }
  return layers;
}

/** The id of the last layer of a block (its output). */
export const lastId = (layers: readonly Layer[]): string => layers[layers.length - 1].id;

/**
 * The classifier AlexNet and VGG share in torchvision: fc6 4096 → ReLU → fc7 4096 → ReLU →
 * fc8 1000 → softmax (softmax added so the output reads as probabilities; torchvision returns
 * logits). Its two Dropout(0.5) layers are the identity at inference and are omitted.
 */
export const imagenetClassifier = (): Layer[] => [
  fc('fc6', 4096),
  act('relu6', 'relu'),
  fc('fc7', 4096),
  act('relu7', 'relu'),
  fc('fc8', 1000),
  softmax(),
];
