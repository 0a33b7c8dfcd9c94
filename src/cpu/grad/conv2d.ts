// conv2d backward: the CPU reference of the gradients of a 2-D convolution layer (twin of
// shaders/grad/conv2d.wgsl), for every option the forward has (src/cpu/conv2d.ts). With
// y[n,m,oh,ow] = b[m] + Σ_{c,kh,kw} w'[m,c,kh,kw] · xp[n, g·C/G + c, oh·S − P + kh·D, …] and an
// upstream gradient dy = ∂L/∂y (L summed as dy gives it: no averaging here):
//   dx[n, src]   += dy[n,m,oh,ow] · w'[m,c,kh,kw]   scattered through the forward's own index
//                   maps (tapIndices), so a replicated or reflected pad cell's gradient lands on
//                   the cell it copied, and a zero of the padding takes none;
//   dw'[m,c,kh,kw] = Σ_{n,oh,ow} dy[n,m,oh,ow] · xp[…];   db[m] = Σ_{n,oh,ow} dy[n,m,oh,ow].
// w' is the kernel the forward used: rotated by 180° for a true convolution, so the weight
// gradient is rotated back. Sums run in float64 (per sample for dx, over the batch for dw, db).

import type { Conv2dLayer } from '../../core/layers';
import { convInfo, isIssue } from '../../core/shape';
import type { Tensor } from '../../core/tensor';
import { flipKernels, tapIndices } from '../conv2d';
import { conv2dBackwardGemm } from '../convGemm';
import { checkTensor, expectLength, OpError, shapeText } from '../opError';

/** Which gradients to compute (a first layer needs no dx; a layer without bias has no db). */
export interface GradNeed {
  readonly input: boolean;
  readonly weight: boolean;
  readonly bias: boolean;
}

export interface Conv2dGrads {
  /** ∂L/∂x: [N, C_in, H, W], or null when not asked for. */
  readonly dx: Tensor | null;
  /** ∂L/∂weight: [C_out, C_in/G, K_h, K_w] flattened, as the weight; null when not asked for. */
  readonly dWeight: Float32Array | null;
  /** ∂L/∂bias: [C_out], or null when not asked for. */
  readonly dBias: Float32Array | null;
}

/**
 * x: the forward's input [N, C_in, H, W]; weight: [C_out, C_in/G, K_h, K_w] as given to the
 * forward (unflipped); dy: [N, C_out, H_out, W_out]. Throws OpError on an invalid configuration,
 * a dy of the wrong shape, or a bias gradient asked of a layer without bias.
 */
export function conv2dBackward(
  x: Tensor,
  weight: Float32Array,
  dy: Tensor,
  layer: Conv2dLayer,
  need: GradNeed,
): Conv2dGrads {
  checkTensor('conv input', x);
  checkTensor('conv output gradient', dy);
  const info = convInfo(layer, x.shape);
  if (isIssue(info)) throw OpError.from(info);
  const { batch: N, inChannels: C, outChannels: M, groups: G } = info;
  const H = info.h.size;
  const W = info.w.size;
  const Ho = info.h.out;
  const Wo = info.w.out;
  const Kh = info.h.kernel;
  const Kw = info.w.kernel;
  const Cg = C / G;
  const Mg = M / G;
  const yShape = [N, M, Ho, Wo];
  if (dy.shape.join() !== yShape.join()) {
    throw new OpError(
      `conv output gradient is ${shapeText(dy.shape)}, the layer's output is ${shapeText(yShape)}`,
      'mismatch',
    );
  }
  expectLength('conv weight', weight, M * Cg * Kh * Kw, `[${M}, ${Cg}, ${Kh}, ${Kw}]`);
  if (need.bias && !layer.bias) {
    throw new OpError('this conv layer has no bias: there is no bias gradient', 'weights');
  }

  const flip = layer.trueConvolution ?? false;
  const w = flip ? flipKernels(weight, Kh, Kw) : weight;
  const rows = tapIndices(info.h, layer.paddingMode);
  const cols = tapIndices(info.w, layer.paddingMode);
  const plane = H * W;
  const perOut = Cg * Kh * Kw;
  const src = x.data;
  const g = dy.data;
  const dx = need.input ? new Float32Array(N * C * plane) : null;
  const dw64 = need.weight ? new Float64Array(M * perOut) : null;
  const db64 = need.bias ? new Float64Array(M) : null;
  // The bias gradient: Σ over each output plane, then over the batch.
  if (db64) {
    const P = Ho * Wo;
    for (let n = 0; n < N; n++) {
      for (let m = 0; m < M; m++) {
        let s = 0;
        for (let i = (n * M + m) * P, end = i + P; i < end; i++) s += g[i];
        db64[m] += s;
      }
    }
  }
  if (G === 1) {
    const geometry = { N, C, H, W, M, Ho, Wo, Kh, Kw, rows, cols };
    conv2dBackwardGemm(src, w, g, geometry, dx, dw64);
    return grads(dx, [N, C, H, W], dw64, db64, flip, Kh, Kw);
  }
  // Grouped (depthwise included): direct loops. As the forward: per kernel column, the output
  // columns [lo, hi) whose tap lands inside the input at column ow·S − P_begin + kw·D (no
  // lookup); the others go through `cols`.
  const { stride: S, dilation: D, padBegin: pw } = info.w;
  const lo = new Int32Array(Kw);
  const hi = new Int32Array(Kw);
  for (let kw = 0; kw < Kw; kw++) {
    const first = kw * D - pw;
    lo[kw] = Math.min(Wo, Math.max(0, Math.ceil(-first / S)));
    hi[kw] = Math.max(lo[kw], Math.min(Wo, Math.floor((W - 1 - first) / S) + 1));
  }

  const dx64 = need.input ? new Float64Array(C * plane) : null; // one sample at a time

  for (let n = 0; n < N; n++) {
    dx64?.fill(0);
    for (let m = 0; m < M; m++) {
      const group = Math.floor(m / Mg) * Cg;
      const xGroup = (n * C + group) * plane;
      for (let oh = 0; oh < Ho; oh++) {
        const dyRow = ((n * M + m) * Ho + oh) * Wo;
        let wi = m * perOut;
        for (let ic = 0; ic < Cg; ic++) {
          for (let kh = 0; kh < Kh; kh++) {
            const r = rows[oh * Kh + kh];
            if (r < 0) {
              wi += Kw;
              continue;
            }
            const xRow = xGroup + ic * plane + r * W; // in x
            const dxRow = (group + ic) * plane + r * W; // in this sample's dx
            for (let kw = 0; kw < Kw; kw++, wi++) {
              const l = lo[kw];
              const h = hi[kw];
              const base = kw * D - pw;
              if (dw64) {
                let s = 0;
                for (let ow = 0; ow < l; ow++) {
                  const c = cols[ow * Kw + kw];
                  if (c >= 0) s += g[dyRow + ow] * src[xRow + c];
                }
                for (let ow = l; ow < h; ow++) s += g[dyRow + ow] * src[xRow + base + ow * S];
                for (let ow = h; ow < Wo; ow++) {
                  const c = cols[ow * Kw + kw];
                  if (c >= 0) s += g[dyRow + ow] * src[xRow + c];
                }
                dw64[wi] += s;
              }
              if (dx64) {
                const wv = w[wi];
                for (let ow = 0; ow < l; ow++) {
                  const c = cols[ow * Kw + kw];
                  if (c >= 0) dx64[dxRow + c] += g[dyRow + ow] * wv;
                }
                for (let ow = l; ow < h; ow++) dx64[dxRow + base + ow * S] += g[dyRow + ow] * wv;
                for (let ow = h; ow < Wo; ow++) {
                  const c = cols[ow * Kw + kw];
                  if (c >= 0) dx64[dxRow + c] += g[dyRow + ow] * wv;
                }
              }
            }
          }
        }
      }
    }
    if (dx && dx64) dx.set(dx64, n * C * plane);
  }

  return grads(dx, [N, C, H, W], dw64, db64, flip, Kh, Kw);
}

function grads(
  dx: Float32Array | null,
  xShape: number[],
  dw64: Float64Array | null,
  db64: Float64Array | null,
  flip: boolean,
  Kh: number,
  Kw: number,
): Conv2dGrads {
  // The forward read w'[t] = w[K − 1 − t] (a true convolution): ∂L/∂w[t] = ∂L/∂w'[K − 1 − t].
  const dWeight = dw64 ? Float32Array.from(dw64) : null;
  return {
    dx: dx ? { shape: xShape, data: dx } : null,
    dWeight: dWeight && flip ? flipKernels(dWeight, Kh, Kw) : dWeight,
    dBias: db64 ? Float32Array.from(db64) : null,
  };
}
