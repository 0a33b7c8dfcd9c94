// pool2d backward: the gradient of max and average pooling with respect to their input
// (PyTorch MaxPool2d / AvgPool2d). Max pooling routes each output's gradient to the input cell
// that won its window (the forward's argmax: the first maximum on ties, as PyTorch); where
// windows overlap, a cell that wins several windows receives the sum. Average pooling spreads
// each output's gradient evenly over the cells its window reads, divided by the forward's divisor
// (the padded window with count_include_pad, else the cells inside the input; a ceil-mode window
// hanging off the end never counts its overhang). GPU twin: shaders/grad/pool2d.wgsl, which
// gathers per input cell in the same order (output rows, then columns) as this scatters.

import type { Pool2dLayer } from '../../core/layers';
import { isIssue, poolInfo, type Shape } from '../../core/shape';
import type { Tensor } from '../../core/tensor';
import { OpError, checkTensor, expectLength, shapeText } from '../opError';
import { windowBounds } from '../pool2d';

/**
 * dy: [N, C, H_out, W_out] → dx: [N, C, H, W] (xShape, the forward's input shape).
 * argmax: max pooling only, the forward's winners (y · W + x in each channel plane, one per
 * output element, from pool2d()); null for average pooling.
 */
export function pool2dBackward(
  dy: Tensor,
  xShape: Shape,
  layer: Pool2dLayer,
  argmax: Int32Array | null,
): Tensor {
  checkTensor('pooling gradient', dy);
  const info = poolInfo(layer, xShape);
  if (isIssue(info)) throw OpError.from(info);
  const Ho = info.h.out;
  const Wo = info.w.out;
  const want = [info.batch, info.inChannels, Ho, Wo];
  if (dy.shape.join() !== want.join()) {
    throw new OpError(
      `pooling gradient needs the output's shape ${shapeText(want)}, got ${shapeText(dy.shape)}`,
      'mismatch',
    );
  }
  const isMax = layer.kind === 'maxPool2d';
  if (isMax !== (argmax !== null)) {
    throw new OpError(
      isMax ? 'max pooling backward needs the forward argmax' : 'average pooling has no argmax',
      'bad-param',
    );
  }
  const planes = info.batch * info.inChannels;
  const H = info.h.size;
  const W = info.w.size;
  const acc = new Float64Array(planes * H * W);
  const g = dy.data;
  if (argmax !== null) {
    expectLength('max pooling argmax', argmax, g.length, 'one winner per output');
    for (let p = 0, o = 0; p < planes; p++) {
      const base = p * H * W;
      for (let k = 0; k < Ho * Wo; k++, o++) {
        const at = argmax[o];
        if (at < 0 || at >= H * W) {
          throw new OpError(
            `argmax ${at} at output ${o} is outside the ${H}×${W} plane`,
            'bad-param',
          );
        }
        acc[base + at] += g[o];
      }
    }
  } else {
    const rows = windowBounds(info.h);
    const cols = windowBounds(info.w);
    const includePad = layer.countIncludePad ?? true;
    for (let p = 0, o = 0; p < planes; p++) {
      const base = p * H * W;
      for (let oh = 0; oh < Ho; oh++) {
        const [h0, h1] = [rows.start[oh], rows.end[oh]];
        for (let ow = 0; ow < Wo; ow++, o++) {
          const [w0, w1] = [cols.start[ow], cols.end[ow]];
          if (h0 >= h1 || w0 >= w1) continue; // a window of padding only: no input cell
          const count = includePad ? rows.padded[oh] * cols.padded[ow] : (h1 - h0) * (w1 - w0);
          const share = g[o] / count;
          for (let y = h0; y < h1; y++) {
            for (let x = w0; x < w1; x++) acc[base + y * W + x] += share;
          }
        }
      }
    }
  }
  return { shape: [...xShape], data: Float32Array.from(acc) };
}
