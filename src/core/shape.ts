// The one home of output-size arithmetic. Per axis:
//   O = floor((I + P_begin + P_end - D*(K-1) - 1) / S) + 1   (pooling's ceil mode: see axisInfo)
// CPU ops, GPU programs, animations and the UI all read the info objects built here.

import type { Conv2dLayer, Pair, Pool2dLayer } from './layers';

/** A tensor shape including the batch: [N, C, H, W] or [N, F]. */
export type Shape = readonly number[];

export interface AxisInfo {
  /** I: input size along this axis. */
  readonly size: number;
  /** K */
  readonly kernel: number;
  /** S */
  readonly stride: number;
  /** D */
  readonly dilation: number;
  readonly padBegin: number;
  readonly padEnd: number;
  /** D*(K-1)+1: how many input cells one window spans. */
  readonly span: number;
  /** I + P_begin + P_end */
  readonly padded: number;
  /** O */
  readonly out: number;
  /** The exact quotient (padded - span) / S + 1 before rounding, e.g. 2.33 (below 1 only in ceil mode). */
  readonly exactOut: number;
  /**
   * (padded - span) mod S, in [0, S): padded cells left over after the last window (floor mode).
   * Ceil mode's last window covers them, or hangs past the padded input when span > padded.
   */
  readonly remainder: number;
  /** Whether the output was rounded up (pooling ceil mode) and the last window hangs off. */
  readonly ceil: boolean;
  /** Input indices 0..I-1 that no window ever touches (trailing remainder or stride gaps). */
  readonly uncovered: readonly number[];
}

export interface WindowInfo {
  readonly h: AxisInfo;
  readonly w: AxisInfo;
  readonly batch: number;
  readonly inChannels: number;
  readonly outChannels: number;
  readonly groups: number;
}

/** A human-readable reason a layer cannot be computed. */
export interface LayerIssue {
  readonly code:
    | 'bad-param'
    | 'rank'
    | 'kernel-too-large'
    | 'groups'
    | 'padding'
    | 'mismatch'
    | 'graph'
    | 'too-large';
  readonly message: string;
}

export const issue = (code: LayerIssue['code'], message: string): LayerIssue => ({ code, message });

export const isIssue = (v: unknown): v is LayerIssue =>
  typeof v === 'object' && v !== null && 'code' in v && 'message' in v && !('out' in v);

/** Input position (unpadded frame: −P_begin … I+P_end−1) of tap k of output o: o·S − P_begin + k·D. */
export const tapPosition = (
  axis: Pick<AxisInfo, 'stride' | 'padBegin' | 'dilation'>,
  o: number,
  k: number,
): number => o * axis.stride - axis.padBegin + k * axis.dilation;

/**
 * Per-axis arithmetic, PyTorch's `pooling_output_shape` (ATen Pool.h) exactly:
 *   O = div_rtn(I + P_begin + P_end − D·(K−1) − 1 + (ceil ? S−1 : 0), S) + 1
 * (division rounding towards −∞), then in ceil mode O − 1 when the last window would start in
 * the end padding (O−1)·S ≥ I + P_begin. Without ceil mode O < 1 exactly when the window spans
 * more than the padded input; in ceil mode a window may hang off the end by up to S − 1 cells
 * (MaxPool2d(3, stride=3, ceil_mode=True) on a 1×1 input gives 1×1). Returns null when O < 1.
 */
export function axisInfo(
  size: number,
  kernel: number,
  stride: number,
  dilation: number,
  padBegin: number,
  padEnd: number,
  ceilMode = false,
): AxisInfo | null {
  const span = dilation * (kernel - 1) + 1;
  const padded = size + padBegin + padEnd;
  // Negative only for a ceil-mode window larger than the padded input.
  const reach = padded - span;
  const floorOut = Math.floor(reach / stride) + 1;
  let out = floorOut;
  if (ceilMode) {
    out = Math.floor((reach + stride - 1) / stride) + 1;
    // PyTorch: the last window must start inside the input or the leading padding.
    if ((out - 1) * stride >= size + padBegin) out -= 1;
  }
  if (out < 1) return null;
  const ceil = out > floorOut;
  const covered = new Uint8Array(size);
  for (let o = 0; o < out; o++) {
    for (let k = 0; k < kernel; k++) {
      const i = tapPosition({ stride, padBegin, dilation }, o, k);
      if (i >= 0 && i < size) covered[i] = 1;
    }
  }
  const uncovered: number[] = [];
  covered.forEach((c, i) => c === 0 && uncovered.push(i));
  return {
    size,
    kernel,
    stride,
    dilation,
    padBegin,
    padEnd,
    span,
    padded,
    out,
    exactOut: reach / stride + 1,
    // Euclidean, so never negative: reach = S·floor(reach / S) + remainder.
    remainder: ((reach % stride) + stride) % stride,
    ceil,
    uncovered,
  };
}

/**
 * TensorFlow-style 'same' on one axis: aim for O = ⌈I/S⌉ (the input size only when S = 1), pad
 * what the last window needs past the input, the odd cell at the end. PyTorch's own
 * padding='same' refuses S > 1, which is why the app says "TensorFlow style" wherever it shows it.
 */
export interface SamePlan {
  /** ⌈I/S⌉ */
  readonly out: number;
  /** D·(K−1)+1 */
  readonly span: number;
  /** (O − 1)·S + span − I: cells the last window reaches past the input (≤ 0: none). */
  readonly need: number;
  /** max(need, 0) = P_begin + P_end */
  readonly total: number;
  /** ⌊total / 2⌋ */
  readonly begin: number;
  /** total − begin: the extra cell of an odd total goes at the end. */
  readonly end: number;
}

export function samePlan(size: number, kernel: number, stride: number, dilation: number): SamePlan {
  const span = dilation * (kernel - 1) + 1;
  const out = Math.ceil(size / stride);
  const need = (out - 1) * stride + span - size;
  const total = Math.max(need, 0);
  const begin = Math.floor(total / 2);
  return { out, span, need, total, begin, end: total - begin };
}

/** TensorFlow-style 'same' padding [begin, end] of one axis (see SamePlan). */
export function samePadding(size: number, kernel: number, stride: number, dilation: number): Pair {
  const p = samePlan(size, kernel, stride, dilation);
  return [p.begin, p.end];
}

export const fmtShape = (shape: Shape): string => shape.slice(1).join('×');
const fmtPair = (a: number, b: number): string => `${a}×${b}`;

/** Padding [begin, end] per axis for a conv layer on an H x W input. */
export function convPadding(layer: Conv2dLayer, h: number, w: number): [Pair, Pair] {
  const p = layer.padding;
  if (p === 'valid')
    return [
      [0, 0],
      [0, 0],
    ];
  if (p === 'same') {
    return [
      samePadding(h, layer.kernel[0], layer.stride[0], layer.dilation[0]),
      samePadding(w, layer.kernel[1], layer.stride[1], layer.dilation[1]),
    ];
  }
  return [
    [p[0], p[0]],
    [p[1], p[1]],
  ];
}

function windowAxes(
  what: string,
  inShape: Shape,
  kernel: Pair,
  stride: Pair,
  dilation: Pair,
  pads: [Pair, Pair],
  ceilMode: boolean,
): { h: AxisInfo; w: AxisInfo } | LayerIssue {
  if (inShape.length !== 4) {
    return issue('rank', `${what} needs a C×H×W input, got ${fmtShape(inShape) || 'a scalar'}`);
  }
  const [, , H, W] = inShape;
  const h = axisInfo(H, kernel[0], stride[0], dilation[0], pads[0][0], pads[0][1], ceilMode);
  const w = axisInfo(W, kernel[1], stride[1], dilation[1], pads[1][0], pads[1][1], ceilMode);
  if (h && w) return { h, w };
  const spanH = dilation[0] * (kernel[0] - 1) + 1;
  const spanW = dilation[1] * (kernel[1] - 1) + 1;
  const dil =
    dilation[0] === 1 && dilation[1] === 1
      ? ''
      : ` dilated by ${dilation[0] === dilation[1] ? dilation[0] : fmtPair(dilation[0], dilation[1])}`;
  const spans = dil ? ` spans ${fmtPair(spanH, spanW)},` : '';
  const padded = fmtPair(H + pads[0][0] + pads[0][1], W + pads[1][0] + pads[1][1]);
  const hasPad = pads[0][0] + pads[0][1] + pads[1][0] + pads[1][1] > 0;
  // An empty output means a window wider than the padded input: in ceil mode, by ≥ S cells.
  const ceil = ceilMode
    ? `: ceil mode lets a window hang off the end only by less than the stride ${fmtPair(stride[0], stride[1])}`
    : '';
  return issue(
    'kernel-too-large',
    `kernel ${fmtPair(kernel[0], kernel[1])}${dil}${spans} larger than the ${hasPad ? 'padded ' : ''}input ${padded}${ceil}`,
  );
}

/**
 * Every problem a conv layer has on this input, independent ones all named (channels that do not
 * divide into groups, reflect padding too wide, a kernel larger than the padded input).
 */
export function convIssues(layer: Conv2dLayer, inShape: Shape): LayerIssue[] {
  if (inShape.length !== 4)
    return [issue('rank', `conv needs a C×H×W input, got ${fmtShape(inShape)}`)];
  const [, C, H, W] = inShape;
  const g = layer.groups;
  const out: LayerIssue[] = [];
  if (C % g !== 0)
    out.push(issue('groups', `${C} input channels are not divisible by ${g} groups`));
  if (layer.outChannels % g !== 0) {
    out.push(
      issue('groups', `${layer.outChannels} output channels are not divisible by ${g} groups`),
    );
  }
  const pads = convPadding(layer, H, W);
  if (
    layer.paddingMode === 'reflect' &&
    (pads[0][0] >= H || pads[0][1] >= H || pads[1][0] >= W || pads[1][1] >= W)
  ) {
    out.push(
      issue(
        'padding',
        `reflect padding must be smaller than the input ${fmtPair(H, W)}, got ${fmtPair(Math.max(...pads[0]), Math.max(...pads[1]))}`,
      ),
    );
  }
  const axes = windowAxes('conv', inShape, layer.kernel, layer.stride, layer.dilation, pads, false);
  if (isIssue(axes)) out.push(axes);
  return out;
}

export function convInfo(layer: Conv2dLayer, inShape: Shape): WindowInfo | LayerIssue {
  const problems = convIssues(layer, inShape);
  if (problems.length > 0) return problems[0];
  const [N, C, H, W] = inShape;
  const pads = convPadding(layer, H, W);
  const axes = windowAxes('conv', inShape, layer.kernel, layer.stride, layer.dilation, pads, false);
  if (isIssue(axes)) return axes;
  return { ...axes, batch: N, inChannels: C, outChannels: layer.outChannels, groups: layer.groups };
}

export function poolInfo(layer: Pool2dLayer, inShape: Shape): WindowInfo | LayerIssue {
  if (inShape.length !== 4)
    return issue('rank', `pooling needs a C×H×W input, got ${fmtShape(inShape)}`);
  const [N, C] = inShape;
  const [ph, pw] = layer.padding;
  if (ph * 2 > layer.kernel[0] || pw * 2 > layer.kernel[1]) {
    return issue(
      'padding',
      `padding ${fmtPair(ph, pw)} is more than half the kernel ${fmtPair(layer.kernel[0], layer.kernel[1])}: a window could see only padding`,
    );
  }
  const pads: [Pair, Pair] = [
    [ph, ph],
    [pw, pw],
  ];
  const axes = windowAxes(
    'pooling',
    inShape,
    layer.kernel,
    layer.stride,
    [1, 1],
    pads,
    layer.ceilMode,
  );
  if (isIssue(axes)) return axes;
  return { ...axes, batch: N, inChannels: C, outChannels: C, groups: C };
}
