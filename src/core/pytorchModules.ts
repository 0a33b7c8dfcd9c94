// One layer → the PyTorch module constructor that computes exactly what the core computes.
// Every size comes from shape inference (the layer's input shapes and window info), never
// re-derived here: in_channels / in_features from the inferred input, padding from the window.

import type { OkShape } from './infer';
import type { ActivationLayer, Conv2dLayer, Layer, PaddingMode } from './layers';
import type { AxisInfo, Shape } from './shape';

/** A module call in the exported code, and what it outputs. */
export interface ModuleSpec {
  /** Python expression constructing the module, e.g. 'nn.ReLU()'. */
  readonly ctor: string;
  readonly shape: Shape;
  /** What the comment adds after the layer's label, e.g. how 'same' padding was resolved. */
  readonly note?: string;
}

/**
 * The modules one layer becomes, in call order: usually one; a conv with asymmetric padding gets
 * an explicit pad module first; add and concat get none (they are `+` and torch.cat in forward).
 */
export interface LayerModules {
  readonly pad?: ModuleSpec;
  readonly main?: ModuleSpec;
}

/**
 * Python lines of the nn.Conv2d subclass a conv layer with `trueConvolution` becomes; the script
 * defines it once, after the imports, when some layer needs it. `_conv_forward` is what
 * nn.Conv2d.forward itself calls (padding_mode included), so only the kernel flip differs.
 */
export const TRUE_CONV_CLASS: readonly string[] = [
  'class TrueConv2d(nn.Conv2d):',
  '    """nn.Conv2d computing a true (mathematical) convolution, as the visualizer\'s "true',
  '    convolution" setting does: every kernel is flipped by 180° (rows and columns reversed)',
  '    before the cross-correlation nn.Conv2d computes. Same parameters, shapes and padding."""',
  '',
  '    def forward(self, x):',
  '        return self._conv_forward(x, torch.flip(self.weight, [2, 3]), self.bias)',
];

/** Whether a layer exports as TrueConv2d, so the script must define it. */
export const needsTrueConv = (layer: Layer): boolean =>
  layer.kind === 'conv2d' && layer.trueConvolution === true;

/**
 * A Python float literal: tiny values in exponent form as PyTorch prints them (1e-5 → '1e-5',
 * not JS's '0.00001'); whole numbers get '.0' so they stay floats (eps is a float in PyTorch).
 * Both JS forms ('1e-7', '1e+21') are valid Python.
 */
export function pyFloat(v: number): string {
  const s = v !== 0 && Math.abs(v) < 1e-3 ? v.toExponential() : String(v);
  return /[.eE]/.test(s) ? s : `${s}.0`;
}

const pyPair = (a: number, b: number): string => `(${a}, ${b})`;

/** The `[N, C, H, W]` text of shape comments and of the expected torch.Size. */
export const pyShape = (s: Shape): string => `[${s.join(', ')}]`;

const PAD_MODULE: Record<PaddingMode, string> = {
  zeros: 'nn.ZeroPad2d',
  replicate: 'nn.ReplicationPad2d',
  reflect: 'nn.ReflectionPad2d',
};

function activationCtor(layer: ActivationLayer): string {
  switch (layer.fn) {
    case 'relu':
      return 'nn.ReLU()';
    case 'relu6':
      return 'nn.ReLU6()';
    case 'leakyRelu':
      // 0.01 is the core's default slope (activate.ts), and PyTorch's.
      return `nn.LeakyReLU(negative_slope=${pyFloat(layer.alpha ?? 0.01)})`;
    case 'sigmoid':
      return 'nn.Sigmoid()';
    case 'tanh':
      return 'nn.Tanh()';
    case 'gelu':
      // The core's gelu is the exact erf form: nn.GELU()'s default approximate='none'.
      return 'nn.GELU()';
    case 'silu':
      return 'nn.SiLU()';
    case 'identity':
      return 'nn.Identity()';
  }
}

/**
 * How 'same' was resolved, TensorFlow style: the output is ⌈I/S⌉ per axis (the input size only
 * when S = 1), with any odd padding cell at the end. PyTorch's own padding='same' refuses S > 1.
 */
function sameNote(layer: Conv2dLayer, h: AxisInfo, w: AxisInfo): string | undefined {
  if (layer.padding !== 'same') return undefined;
  const ceil = (a: AxisInfo) => `⌈${a.size}/${a.stride}⌉`;
  return `'same' padding, TensorFlow style: ⌈I/S⌉ = ${ceil(h)}×${ceil(w)} = ${h.out}×${w.out}`;
}

/** The module(s) of one shape-checked layer. */
export function layerModules(ls: OkShape): LayerModules {
  const { layer, shape } = ls;
  const x = ls.inputShapes[0];
  const main = (ctor: string): LayerModules => ({ main: { ctor, shape } });
  switch (layer.kind) {
    case 'conv2d': {
      const { h, w } = ls.window!;
      const args = [
        `${x[1]}`,
        `${layer.outChannels}`,
        `kernel_size=${pyPair(layer.kernel[0], layer.kernel[1])}`,
        `stride=${pyPair(layer.stride[0], layer.stride[1])}`,
      ];
      // Conv2d pads both sides equally; TF-style 'same' can put one more row/column at the end
      // (e.g. stride 2 on an even size), which only an explicit pad module reproduces.
      const symmetric = h.padBegin === h.padEnd && w.padBegin === w.padEnd;
      args.push(`padding=${symmetric ? pyPair(h.padBegin, w.padBegin) : pyPair(0, 0)}`);
      if (layer.dilation[0] !== 1 || layer.dilation[1] !== 1) {
        args.push(`dilation=${pyPair(layer.dilation[0], layer.dilation[1])}`);
      }
      if (layer.groups !== 1) args.push(`groups=${layer.groups}`);
      if (!layer.bias) args.push('bias=False');
      const padded = h.padBegin + w.padBegin > 0;
      if (symmetric && padded && layer.paddingMode !== 'zeros') {
        args.push(`padding_mode='${layer.paddingMode}'`);
      }
      const cls = needsTrueConv(layer) ? 'TrueConv2d' : 'nn.Conv2d';
      const conv = { ctor: `${cls}(${args.join(', ')})`, shape };
      const note = sameNote(layer, h, w);
      if (symmetric) return { main: note ? { ...conv, note } : conv };
      // PyTorch's pad order is (left, right, top, bottom): the last axis first.
      const pads = [w.padBegin, w.padEnd, h.padBegin, h.padEnd].join(', ');
      return {
        pad: {
          ctor: `${PAD_MODULE[layer.paddingMode]}((${pads}))`,
          shape: [x[0], x[1], h.padded, w.padded],
          note: [note, `padding (left, right, top, bottom) = (${pads})`].filter(Boolean).join('; '),
        },
        main: conv,
      };
    }
    case 'maxPool2d':
    case 'avgPool2d': {
      const args = [
        `kernel_size=${pyPair(layer.kernel[0], layer.kernel[1])}`,
        `stride=${pyPair(layer.stride[0], layer.stride[1])}`,
        `padding=${pyPair(layer.padding[0], layer.padding[1])}`,
      ];
      if (layer.ceilMode) args.push('ceil_mode=True');
      // Pool2dLayer: countIncludePad left out means PyTorch's default, True.
      if (layer.kind === 'avgPool2d' && layer.countIncludePad === false) {
        args.push('count_include_pad=False');
      }
      return main(
        `nn.${layer.kind === 'maxPool2d' ? 'MaxPool2d' : 'AvgPool2d'}(${args.join(', ')})`,
      );
    }
    case 'globalAvgPool':
      // The core keeps the 1×1 spatial axes ([N, C, 1, 1]), as AdaptiveAvgPool2d does.
      return main('nn.AdaptiveAvgPool2d((1, 1))');
    case 'batchNorm': {
      // The core accepts [N, C, H, W] (per channel) or [N, F] (per feature).
      const bn = x.length === 4 ? 'nn.BatchNorm2d' : 'nn.BatchNorm1d';
      return main(`${bn}(${x[1]}, eps=${pyFloat(layer.eps)})`);
    }
    case 'layerNorm': {
      // Normalizes each sample over everything but the batch: normalized_shape = x.shape[1:].
      const affine = layer.affine ? '' : ', elementwise_affine=False';
      return main(`nn.LayerNorm(${pyShape(x.slice(1))}, eps=${pyFloat(layer.eps)}${affine})`);
    }
    case 'activation':
      return main(activationCtor(layer));
    case 'flatten':
      return main('nn.Flatten()');
    case 'dropout':
      return main(`nn.Dropout(p=${pyFloat(layer.p)})`);
    case 'linear':
      return main(`nn.Linear(${x[1]}, ${layer.outFeatures}${layer.bias ? '' : ', bias=False'})`);
    case 'softmax':
      // The core's softmax runs along axis 1: the features of [N, F], the channels of [N, C, H, W].
      return main('nn.Softmax(dim=1)');
    case 'add':
    case 'concat':
      return {};
  }
}
