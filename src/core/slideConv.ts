// One step of a convolution, with every number a student reads off the screen: per input channel
// the window's values, the kernel's weights, their products and the partial sum; then the bias
// and the output value. Sums run in float64; the CPU op agrees to float32 rounding.

import type { Conv2dLayer } from './layers';
import type { WindowInfo } from './shape';
import { slideWindow, type SlideWindow } from './slide';

/** One sample's input planes: data[c * H * W + y * W + x]. */
export interface Planes {
  readonly data: ArrayLike<number>;
  readonly c: number;
  readonly h: number;
  readonly w: number;
}

export interface ConvChannelTerms {
  /** The input channel read. */
  readonly c: number;
  /** Per tap (row-major over the kernel): the value read, padding's copy or zero included. */
  readonly values: readonly number[];
  /** Per tap: the weight it is multiplied by (flipped for a true convolution). */
  readonly weights: readonly number[];
  readonly products: readonly number[];
  readonly partial: number;
}

export interface ConvStep {
  readonly window: SlideWindow;
  readonly outChannel: number;
  readonly channels: readonly ConvChannelTerms[];
  /** 0 when the layer has no bias. */
  readonly bias: number;
  readonly hasBias: boolean;
  /** Σ partial sums + bias: the output value at (outChannel, oy, ox). */
  readonly output: number;
}

/** The input channels an output channel reads: its group's slice of C_in. */
export function groupChannels(info: WindowInfo, outChannel: number): number[] {
  const perGroupIn = info.inChannels / info.groups;
  const perGroupOut = info.outChannels / info.groups;
  const g = Math.floor(outChannel / perGroupOut);
  return Array.from({ length: perGroupIn }, (_, i) => g * perGroupIn + i);
}

export function convStep(
  x: Planes,
  weight: ArrayLike<number>,
  bias: ArrayLike<number> | null,
  info: WindowInfo,
  layer: Conv2dLayer,
  index: number,
  outChannel: number,
  trueConvolution = false,
): ConvStep {
  const window = slideWindow(info, index, layer.paddingMode);
  const kh = info.h.kernel;
  const kw = info.w.kernel;
  const inChannels = groupChannels(info, outChannel);
  const channels = inChannels.map((c, ci) => {
    const base = (outChannel * inChannels.length + ci) * kh * kw;
    const values: number[] = [];
    const weights: number[] = [];
    const products: number[] = [];
    let partial = 0;
    for (const t of window.taps) {
      const v = t.srcY < 0 ? 0 : x.data[(c * x.h + t.srcY) * x.w + t.srcX];
      const ky = trueConvolution ? kh - 1 - t.ky : t.ky;
      const kx = trueConvolution ? kw - 1 - t.kx : t.kx;
      const wv = weight[base + ky * kw + kx];
      values.push(v);
      weights.push(wv);
      products.push(v * wv);
      partial += v * wv;
    }
    return { c, values, weights, products, partial };
  });
  const b = bias && layer.bias ? bias[outChannel] : 0;
  const output = channels.reduce((s, ch) => s + ch.partial, 0) + b;
  return { window, outChannel, channels, bias: b, hasBias: layer.bias, output };
}
