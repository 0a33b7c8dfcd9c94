// The layer vocabulary of a network: a discriminated union on `kind`, plain serializable data.
// Spatial pairs are [height, width]. Tensors are NCHW; shapes in this module exclude nothing:
// see shape.ts for how each kind transforms its input shape.

/** [height, width] */
export type Pair = readonly [number, number];

export type PaddingMode = 'zeros' | 'replicate' | 'reflect';

/** Explicit symmetric padding per axis, or TensorFlow-style 'same' / 'valid'. */
export type Padding = Pair | 'same' | 'valid';

export const ACTIVATIONS = [
  'relu',
  'relu6',
  'leakyRelu',
  'sigmoid',
  'tanh',
  'gelu',
  'silu',
  'identity',
] as const;
export type ActivationFn = (typeof ACTIVATIONS)[number];

interface LayerBase {
  /** Unique within a network; 'input' is reserved for the network input. */
  readonly id: string;
  /** Human-readable name shown in the UI (defaults to the id). */
  readonly name?: string;
  /** Ids of the layers feeding this one; omitted means the previous layer (or the input). */
  readonly inputs?: readonly string[];
}

export interface Conv2dLayer extends LayerBase {
  readonly kind: 'conv2d';
  readonly outChannels: number;
  readonly kernel: Pair;
  readonly stride: Pair;
  readonly padding: Padding;
  readonly paddingMode: PaddingMode;
  readonly dilation: Pair;
  /** 1 = ordinary conv; inChannels = depthwise. */
  readonly groups: number;
  readonly bias: boolean;
  /**
   * Flip every kernel by 180° first: a true (mathematical) convolution instead of the
   * cross-correlation CNN layers compute. Absent means false.
   */
  readonly trueConvolution?: boolean;
}

export interface Pool2dLayer extends LayerBase {
  readonly kind: 'maxPool2d' | 'avgPool2d';
  readonly kernel: Pair;
  readonly stride: Pair;
  /** Symmetric padding per axis: -inf for max pooling, zeros for average pooling. */
  readonly padding: Pair;
  /** Round the output size up (PyTorch ceil_mode): the last window may hang off the end. */
  readonly ceilMode: boolean;
  /** Average pooling only: divide by the full window, padding included (PyTorch default). */
  readonly countIncludePad?: boolean;
}

export interface GlobalAvgPoolLayer extends LayerBase {
  readonly kind: 'globalAvgPool';
}

export interface BatchNormLayer extends LayerBase {
  readonly kind: 'batchNorm';
  readonly eps: number;
}

export interface LayerNormLayer extends LayerBase {
  readonly kind: 'layerNorm';
  readonly eps: number;
  /** Learnable per-element gamma and beta over C x H x W (PyTorch elementwise_affine). */
  readonly affine: boolean;
}

export interface ActivationLayer extends LayerBase {
  readonly kind: 'activation';
  readonly fn: ActivationFn;
  /** Negative slope of leakyRelu. */
  readonly alpha?: number;
}

export interface FlattenLayer extends LayerBase {
  readonly kind: 'flatten';
}

/**
 * Dropout: while training, each value is zeroed with probability p and the rest scaled by
 * 1/(1−p) (PyTorch's inverted dropout); at inference it passes its input unchanged.
 */
export interface DropoutLayer extends LayerBase {
  readonly kind: 'dropout';
  /** Probability of zeroing a value while training, in [0, 1). */
  readonly p: number;
}

export interface LinearLayer extends LayerBase {
  readonly kind: 'linear';
  readonly outFeatures: number;
  readonly bias: boolean;
}

export interface SoftmaxLayer extends LayerBase {
  readonly kind: 'softmax';
}

export interface AddLayer extends LayerBase {
  readonly kind: 'add';
}

export interface ConcatLayer extends LayerBase {
  readonly kind: 'concat';
}

export type Layer =
  | Conv2dLayer
  | Pool2dLayer
  | GlobalAvgPoolLayer
  | BatchNormLayer
  | LayerNormLayer
  | ActivationLayer
  | FlattenLayer
  | DropoutLayer
  | LinearLayer
  | SoftmaxLayer
  | AddLayer
  | ConcatLayer;

export type LayerKind = Layer['kind'];

/** Batch N x channels x height x width. */
export interface InputSpec {
  readonly n: number;
  readonly c: number;
  readonly h: number;
  readonly w: number;
}

export interface Network {
  readonly input: InputSpec;
  readonly layers: readonly Layer[];
}

export const INPUT_ID = 'input';

/** Short label of a layer's kind for tables and cards. */
export const KIND_LABEL: Record<LayerKind, string> = {
  conv2d: 'Conv',
  maxPool2d: 'MaxPool',
  avgPool2d: 'AvgPool',
  globalAvgPool: 'GlobalAvgPool',
  batchNorm: 'BatchNorm',
  layerNorm: 'LayerNorm',
  activation: 'Activation',
  flatten: 'Flatten',
  dropout: 'Dropout',
  linear: 'Linear',
  softmax: 'Softmax',
  add: 'Add',
  concat: 'Concat',
};

/** Layer constructors with the defaults a student expects (PyTorch's). */
export const conv2d = (
  id: string,
  outChannels: number,
  kernel: number | Pair,
  opts: Partial<
    Omit<Conv2dLayer, 'kind' | 'id' | 'outChannels' | 'kernel' | 'stride' | 'padding' | 'dilation'>
  > & {
    stride?: number | Pair;
    padding?: number | Padding;
    dilation?: number | Pair;
  } = {},
): Conv2dLayer => ({
  id,
  kind: 'conv2d',
  outChannels,
  kernel: pair(kernel),
  stride: pair(opts.stride ?? 1),
  padding: typeof opts.padding === 'string' ? opts.padding : pair(opts.padding ?? 0),
  paddingMode: opts.paddingMode ?? 'zeros',
  dilation: pair(opts.dilation ?? 1),
  groups: opts.groups ?? 1,
  bias: opts.bias ?? true,
  ...(opts.trueConvolution ? { trueConvolution: true } : {}),
  ...(opts.name !== undefined ? { name: opts.name } : {}),
  ...(opts.inputs !== undefined ? { inputs: opts.inputs } : {}),
});

export const pool2d = (
  id: string,
  kind: 'maxPool2d' | 'avgPool2d',
  kernel: number | Pair,
  opts: {
    stride?: number | Pair;
    padding?: number | Pair;
    ceilMode?: boolean;
    countIncludePad?: boolean;
    name?: string;
    inputs?: readonly string[];
  } = {},
): Pool2dLayer => ({
  id,
  kind,
  kernel: pair(kernel),
  stride: pair(opts.stride ?? kernel),
  padding: pair(opts.padding ?? 0),
  ceilMode: opts.ceilMode ?? false,
  ...(kind === 'avgPool2d' ? { countIncludePad: opts.countIncludePad ?? true } : {}),
  ...(opts.name !== undefined ? { name: opts.name } : {}),
  ...(opts.inputs !== undefined ? { inputs: opts.inputs } : {}),
});

export const activation = (
  id: string,
  fn: ActivationFn,
  opts: { alpha?: number; inputs?: readonly string[] } = {},
): ActivationLayer => ({
  id,
  kind: 'activation',
  fn,
  ...(fn === 'leakyRelu' ? { alpha: opts.alpha ?? 0.01 } : {}),
  ...(opts.inputs !== undefined ? { inputs: opts.inputs } : {}),
});

export const linear = (id: string, outFeatures: number, bias = true): LinearLayer => ({
  id,
  kind: 'linear',
  outFeatures,
  bias,
});

export const batchNorm = (id: string, eps = 1e-5): BatchNormLayer => ({
  id,
  kind: 'batchNorm',
  eps,
});

export const simple = <K extends 'flatten' | 'softmax' | 'globalAvgPool' | 'add' | 'concat'>(
  id: string,
  kind: K,
  inputs?: readonly string[],
) => ({ id, kind, ...(inputs ? { inputs } : {}) }) as Extract<Layer, { kind: K }>;

export function pair(v: number | Pair): Pair {
  return typeof v === 'number' ? [v, v] : v;
}
