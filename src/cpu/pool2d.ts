// pool2d: the CPU reference of max and average pooling with PyTorch's semantics (MaxPool2d /
// AvgPool2d): symmetric padding, ceil mode, and for averages count_include_pad. Output sizes come
// from core poolInfo(); the window bounds per output position follow PyTorch's kernels exactly.

import type { Pool2dLayer } from '../core/layers';
import { isIssue, poolInfo, tapPosition, type AxisInfo } from '../core/shape';
import type { Tensor } from '../core/tensor';
import { checkTensor, OpError } from './opError';

export interface Pool2dResult {
  readonly out: Tensor;
  /**
   * Max pooling: for every output element, the flat index y * W + x of the winning input cell
   * inside its channel plane (the first maximum in row-major order on ties). null for averages.
   */
  readonly argmax: Int32Array | null;
}

/**
 * Window bounds of every output position along one axis, as PyTorch computes them:
 * start = o * stride - pad; end = min(start + kernel, size + pad) (the padded extent, used as the
 * count_include_pad divisor); then both clipped to [0, size] (the cells actually read).
 */
export interface WindowBounds {
  readonly start: Int32Array;
  readonly end: Int32Array;
  /** end - start before clipping: the window length padding included (avg divisor). */
  readonly padded: Int32Array;
}

export function windowBounds(axis: AxisInfo): WindowBounds {
  const { out, kernel, padBegin, size } = axis;
  const start = new Int32Array(out);
  const end = new Int32Array(out);
  const padded = new Int32Array(out);
  for (let o = 0; o < out; o++) {
    const s = tapPosition(axis, o, 0);
    const e = Math.min(s + kernel, size + padBegin);
    padded[o] = e - s;
    start[o] = Math.max(s, 0);
    end[o] = Math.min(e, size);
  }
  return { start, end, padded };
}

/** x: [N, C, H, W] → [N, C, H_out, W_out]. Throws OpError on an invalid configuration. */
export function pool2d(x: Tensor, layer: Pool2dLayer): Pool2dResult {
  checkTensor('pooling input', x);
  const info = poolInfo(layer, x.shape);
  if (isIssue(info)) throw OpError.from(info);
  const planes = info.batch * info.inChannels;
  const H = info.h.size;
  const W = info.w.size;
  const Ho = info.h.out;
  const Wo = info.w.out;
  const rows = windowBounds(info.h);
  const cols = windowBounds(info.w);
  const src = x.data;
  const out = new Float32Array(planes * Ho * Wo);
  const isMax = layer.kind === 'maxPool2d';
  const argmax = isMax ? new Int32Array(out.length) : null;
  const includePad = layer.countIncludePad ?? true;

  let o = 0;
  for (let p = 0; p < planes; p++) {
    const base = p * H * W;
    for (let oh = 0; oh < Ho; oh++) {
      const h0 = rows.start[oh];
      const h1 = rows.end[oh];
      for (let ow = 0; ow < Wo; ow++, o++) {
        const w0 = cols.start[ow];
        const w1 = cols.end[ow];
        if (argmax !== null) {
          // Padding counts as -inf: it never wins, so only real cells are visited.
          let best = -Infinity;
          let at = h0 * W + w0;
          for (let y = h0; y < h1; y++) {
            for (let xx = w0; xx < w1; xx++) {
              const v = src[base + y * W + xx];
              // Strict > keeps the first maximum on ties; a NaN wins and sticks, as in PyTorch.
              if (v > best || v !== v) {
                best = v;
                at = y * W + xx;
              }
            }
          }
          out[o] = best;
          argmax[o] = at;
        } else {
          if (h0 >= h1 || w0 >= w1) continue; // a window of padding only averages to 0
          let sum = 0;
          for (let y = h0; y < h1; y++) {
            for (let xx = w0; xx < w1; xx++) sum += src[base + y * W + xx];
          }
          const count = includePad ? rows.padded[oh] * cols.padded[ow] : (h1 - h0) * (w1 - w0);
          out[o] = sum / count;
        }
      }
    }
  }
  return { out: { shape: [info.batch, info.inChannels, Ho, Wo], data: out }, argmax };
}
