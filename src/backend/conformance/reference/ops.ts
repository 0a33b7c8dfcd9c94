// An independent float64 reference of every op, for the conformance suite: written from the
// PyTorch definitions as plain loops, one output value at a time, sharing no code with src/cpu
// or src/gpu. Only the padding of 'same' comes from the core (convPadding), as the layer's
// definition. Test support: production code never imports this folder.

import type { ActivationFn, Conv2dLayer, PaddingMode, Pool2dLayer } from '../../../core/layers';
import { convPadding } from '../../../core/shape';

/** An NCHW (or [N, F]) tensor of float64 values. */
export interface Ref {
  readonly shape: readonly number[];
  readonly data: Float64Array;
}

type Values = ArrayLike<number>;

const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);
const make = (shape: readonly number[]): Ref => ({ shape, data: new Float64Array(size(shape)) });

/** floor((I + padding − dilation·(K − 1) − 1) / S) + 1, PyTorch's output size. */
const outSize = (i: number, k: number, s: number, d: number, padding: number) =>
  Math.floor((i + padding - d * (k - 1) - 1) / s) + 1;

/** Where position i (possibly in the padding) of an axis of n cells reads, or −1 for a zero. */
function source(i: number, n: number, mode: PaddingMode): number {
  if (i >= 0 && i < n) return i;
  if (mode === 'zeros') return -1;
  if (mode === 'replicate') return i < 0 ? 0 : n - 1;
  // reflect, without repeating the edge: −1 → 1, n → n − 2 (padding < n, so once is enough)
  return i < 0 ? -i : 2 * (n - 1) - i;
}

/**
 * nn.Conv2d: out[n][o][y][x] = b[o] + Σ_{c in o's group, i, j} w[o][c][i][j] · xp[n][c][y·s + i·d][x·s + j·d]
 * over the padded input xp. trueConvolution reads each kernel rotated by 180°.
 */
export function conv2d(x: Ref, w: Values, b: Values | null, layer: Conv2dLayer): Ref {
  const [N, C, H, W] = x.shape;
  const [[pt, pb], [pl, pr]] = convPadding(layer, H, W);
  const [kh, kw] = layer.kernel;
  const [sh, sw] = layer.stride;
  const [dh, dw] = layer.dilation;
  const G = layer.groups;
  const M = layer.outChannels;
  const cg = C / G;
  const mg = M / G;
  const Ho = outSize(H, kh, sh, dh, pt + pb);
  const Wo = outSize(W, kw, sw, dw, pl + pr);
  const flip = layer.trueConvolution ?? false;
  const out = make([N, M, Ho, Wo]);
  let k = 0;
  for (let n = 0; n < N; n++)
    for (let o = 0; o < M; o++)
      for (let y = 0; y < Ho; y++)
        for (let xo = 0; xo < Wo; xo++) {
          let sum = b ? b[o] : 0;
          const g = Math.floor(o / mg);
          for (let c = 0; c < cg; c++)
            for (let i = 0; i < kh; i++) {
              const r = source(y * sh - pt + i * dh, H, layer.paddingMode);
              if (r < 0) continue;
              for (let j = 0; j < kw; j++) {
                const q = source(xo * sw - pl + j * dw, W, layer.paddingMode);
                if (q < 0) continue;
                const ti = flip ? kh - 1 - i : i;
                const tj = flip ? kw - 1 - j : j;
                const wv = w[((o * cg + c) * kh + ti) * kw + tj];
                sum += wv * x.data[((n * C + g * cg + c) * H + r) * W + q];
              }
            }
          out.data[k++] = sum;
        }
  return out;
}

/** Output size of a pooling axis; ceil mode drops a last window that would start in the padding. */
function poolOut(i: number, k: number, s: number, p: number, ceil: boolean): number {
  const q = (i + 2 * p - k) / s;
  let o = (ceil ? Math.ceil(q) : Math.floor(q)) + 1;
  if (ceil && (o - 1) * s >= i + p) o--;
  return o;
}

/**
 * nn.MaxPool2d / nn.AvgPool2d. A window starts at o·s − p and ends at min(start + k, I + p);
 * averages divide by that length (count_include_pad) or by the cells inside the input. Padding
 * never wins a max; a NaN does.
 */
export function pool2d(x: Ref, layer: Pool2dLayer): Ref {
  const [N, C, H, W] = x.shape;
  const [kh, kw] = layer.kernel;
  const [sh, sw] = layer.stride;
  const [ph, pw] = layer.padding;
  const Ho = poolOut(H, kh, sh, ph, layer.ceilMode);
  const Wo = poolOut(W, kw, sw, pw, layer.ceilMode);
  const includePad = layer.countIncludePad ?? true;
  const out = make([N, C, Ho, Wo]);
  let k = 0;
  for (let plane = 0; plane < N * C; plane++)
    for (let y = 0; y < Ho; y++)
      for (let xo = 0; xo < Wo; xo++) {
        const h0 = y * sh - ph;
        const h1 = Math.min(h0 + kh, H + ph);
        const w0 = xo * sw - pw;
        const w1 = Math.min(w0 + kw, W + pw);
        const padded = (h1 - h0) * (w1 - w0);
        let best = -Infinity;
        let sum = 0;
        let cells = 0;
        for (let r = Math.max(h0, 0); r < Math.min(h1, H); r++)
          for (let q = Math.max(w0, 0); q < Math.min(w1, W); q++) {
            const v = x.data[(plane * H + r) * W + q];
            if (v > best || Number.isNaN(v)) best = v; // once NaN, nothing is > it: NaN stays
            sum += v;
            cells++;
          }
        out.data[k++] = layer.kind === 'maxPool2d' ? best : sum / (includePad ? padded : cells);
      }
  return out;
}

/** nn.AdaptiveAvgPool2d(1): the mean of every channel plane. */
export function globalAvgPool(x: Ref): Ref {
  const [N, C, H, W] = x.shape;
  const out = make([N, C, 1, 1]);
  for (let plane = 0; plane < N * C; plane++) {
    let sum = 0;
    for (let i = 0; i < H * W; i++) sum += x.data[plane * H * W + i];
    out.data[plane] = sum / (H * W);
  }
  return out;
}

export interface NormParams {
  readonly gamma: Values;
  readonly beta: Values;
  readonly runningMean: Values;
  readonly runningVar: Values;
}

/**
 * nn.BatchNorm2d / 1d over [N, C, H, W] or [N, F]: (x − mean_c) / √(var_c + eps) · γ_c + β_c,
 * with the running statistics (inference) or the batch's own (training; biased variance).
 */
export function batchNorm(x: Ref, p: NormParams, eps: number, mode: 'inference' | 'training'): Ref {
  const [N, C] = x.shape;
  const inner = size(x.shape.slice(2));
  const at = (n: number, c: number, i: number) => (n * C + c) * inner + i;
  const out = make(x.shape);
  for (let c = 0; c < C; c++) {
    let mean = p.runningMean[c];
    let variance = p.runningVar[c];
    if (mode === 'training') {
      const count = N * inner;
      mean = 0;
      for (let n = 0; n < N; n++) for (let i = 0; i < inner; i++) mean += x.data[at(n, c, i)];
      mean /= count;
      variance = 0;
      for (let n = 0; n < N; n++)
        for (let i = 0; i < inner; i++) variance += (x.data[at(n, c, i)] - mean) ** 2;
      variance /= count;
    }
    const scale = p.gamma[c] / Math.sqrt(variance + eps);
    for (let n = 0; n < N; n++)
      for (let i = 0; i < inner; i++)
        out.data[at(n, c, i)] = (x.data[at(n, c, i)] - mean) * scale + p.beta[c];
  }
  return out;
}

/** nn.LayerNorm over each sample's values, biased variance; γ and β per value, or 1 and 0. */
export function layerNorm(x: Ref, gamma: Values | null, beta: Values | null, eps: number): Ref {
  const S = size(x.shape.slice(1));
  const out = make(x.shape);
  for (let n = 0; n < x.shape[0]; n++) {
    const row = x.data.subarray(n * S, (n + 1) * S);
    const mean = row.reduce((a, v) => a + v, 0) / S;
    const variance = row.reduce((a, v) => a + (v - mean) ** 2, 0) / S;
    for (let i = 0; i < S; i++)
      out.data[n * S + i] =
        ((row[i] - mean) / Math.sqrt(variance + eps)) * (gamma ? gamma[i] : 1) +
        (beta ? beta[i] : 0);
  }
  return out;
}

/**
 * erf: its Maclaurin series below 4 (terms reach ~1e5 at 4, so up to ~1e-11 lost to
 * cancellation), the asymptotic series of erfc above (cut at its smallest term, ≲ 1e-7 · erfc(4)
 * ≈ 2e-15).
 */
export function erf(x: number): number {
  if (Number.isNaN(x)) return x;
  const a = Math.abs(x);
  if (a < 4) {
    let term = x; // (−1)^n x^(2n+1) / n!
    let sum = x;
    for (let n = 1; n < 120; n++) {
      term *= (-x * x) / n;
      sum += term / (2 * n + 1);
    }
    return (2 / Math.sqrt(Math.PI)) * sum;
  }
  // erfc(a) ≈ e^(−a²) / (a√π) · Σ (−1)^n (2n − 1)!! / (2a²)^n
  let term = 1;
  let sum = 1;
  for (let n = 1; n < 40; n++) {
    const next = (term * -(2 * n - 1)) / (2 * a * a);
    if (Math.abs(next) >= Math.abs(term)) break;
    term = next;
    sum += term;
  }
  const erfc = a === Infinity ? 0 : (Math.exp(-a * a) / (a * Math.sqrt(Math.PI))) * sum;
  return x > 0 ? 1 - erfc : erfc - 1;
}

const logistic = (v: number) => 1 / (1 + Math.exp(-v));

/** One activation, PyTorch's definition evaluated in float64; NaN in, NaN out. */
export function activate(v: number, fn: ActivationFn, alpha: number): number {
  if (Number.isNaN(v)) return v;
  switch (fn) {
    case 'relu':
      return v > 0 ? v : 0;
    case 'relu6':
      return v > 6 ? 6 : v > 0 ? v : 0;
    case 'leakyRelu':
      return v >= 0 ? v : v * alpha; // at −∞ with alpha 0: NaN, as torch.nn.functional.leaky_relu
    case 'sigmoid':
      return logistic(v);
    case 'tanh':
      return Math.tanh(v);
    case 'gelu':
      return 0.5 * v * (1 + erf(v / Math.SQRT2)); // at −∞: −∞ · 0 = NaN, as PyTorch
    case 'silu':
      return v * logistic(v); // at −∞: NaN, as PyTorch's x / (1 + e^−x)
    case 'identity':
      return v;
  }
}

export const activation = (x: Ref, fn: ActivationFn, alpha: number): Ref => ({
  shape: x.shape,
  data: x.data.map((v) => activate(v, fn, alpha)),
});

export const flatten = (x: Ref): Ref => ({
  shape: [x.shape[0], size(x.shape.slice(1))],
  data: x.data,
});

/** nn.Linear: y[n][o] = Σ_f x[n][f] · W[o][f] + b[o], W as [O, F] row-major. */
export function linear(x: Ref, w: Values, b: Values | null, outFeatures: number): Ref {
  const [N, F] = x.shape;
  const out = make([N, outFeatures]);
  for (let n = 0; n < N; n++)
    for (let o = 0; o < outFeatures; o++) {
      let sum = b ? b[o] : 0;
      for (let f = 0; f < F; f++) sum += x.data[n * F + f] * w[o * F + f];
      out.data[n * outFeatures + o] = sum;
    }
  return out;
}

/**
 * nn.Softmax(dim=1): over the features of each row of [N, F], and over the channels at each
 * position of [N, C, H, W]; e^(v − max) / Σ e^(v − max). A NaN, +∞ or an all −∞ slice gives NaN.
 */
export function softmax(x: Ref): Ref {
  const [N, C] = x.shape;
  const inner = size(x.shape.slice(2));
  const out = make(x.shape);
  for (let n = 0; n < N; n++)
    for (let i = 0; i < inner; i++) {
      const at = (c: number) => (n * C + c) * inner + i;
      let max = -Infinity;
      for (let c = 0; c < C; c++) max = Math.max(max, x.data[at(c)]);
      let sum = 0;
      for (let c = 0; c < C; c++) sum += Math.exp(x.data[at(c)] - max);
      for (let c = 0; c < C; c++) out.data[at(c)] = Math.exp(x.data[at(c)] - max) / sum;
    }
  return out;
}

/** Elementwise x0 + x1 + …, left to right. */
export function add(xs: readonly Ref[]): Ref {
  const out = make(xs[0].shape);
  for (const x of xs) for (let i = 0; i < out.data.length; i++) out.data[i] += x.data[i];
  return out;
}

/** torch.cat(xs, dim=1). */
export function concat(xs: readonly Ref[]): Ref {
  const N = xs[0].shape[0];
  const inner = size(xs[0].shape.slice(2));
  const C = xs.reduce((a, x) => a + x.shape[1], 0);
  const out = make([N, C, ...xs[0].shape.slice(2)]);
  let k = 0;
  for (let n = 0; n < N; n++)
    for (const x of xs) {
      const block = x.shape[1] * inner;
      for (let i = 0; i < block; i++) out.data[k++] = x.data[n * block + i];
    }
  return out;
}
