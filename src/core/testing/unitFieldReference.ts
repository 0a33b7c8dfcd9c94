// Test helpers for the unitField tests (never imported by production code): builders for small
// networks, and a tiny float64 reference forward (explicit padding, direct convolution, sum
// pooling, leaky ReLU) with its own seeded generator. The property test perturbs one cell of a
// layer, runs the rest of the net through this forward and checks the unit against unitField.

import type { Inference } from '../infer';
import { conv2d, pair, type Layer, type Network, type PaddingMode } from '../layers';

type ConvOpts = {
  s?: number;
  p?: number | 'same';
  d?: number;
  g?: number;
  mode?: PaddingMode;
  inputs?: readonly string[];
};
export const conv = (
  id: string,
  out: number,
  k: number | readonly [number, number],
  o: ConvOpts = {},
) =>
  conv2d(id, out, typeof k === 'number' ? pair(k) : k, {
    stride: pair(o.s ?? 1),
    padding: o.p === 'same' ? 'same' : pair(o.p ?? 0),
    dilation: pair(o.d ?? 1),
    groups: o.g ?? 1,
    paddingMode: o.mode ?? 'zeros',
    ...(o.inputs ? { inputs: o.inputs } : {}),
  });
export const net = (c: number, h: number, w: number, layers: Layer[]): Network => ({
  input: { n: 1, c, h, w },
  layers,
});

export type Vol = { c: number; h: number; w: number; d: Float64Array };

/** mulberry32: a tiny local seeded generator in [0, 1). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Explicitly padded copy: rows [-top, h + bottom), columns [-left, w + right). */
export function padded(
  x: Vol,
  top: number,
  bottom: number,
  left: number,
  right: number,
  mode: PaddingMode,
): Vol {
  const [h, w] = [x.h + top + bottom, x.w + left + right];
  const d = new Float64Array(x.c * h * w);
  const src = (i: number, n: number): number | null =>
    i >= 0 && i < n
      ? i
      : mode === 'zeros'
        ? null
        : mode === 'replicate'
          ? Math.min(Math.max(i, 0), n - 1)
          : i < 0
            ? -i
            : 2 * (n - 1) - i;
  for (let c = 0; c < x.c; c++)
    for (let y = 0; y < h; y++)
      for (let xx = 0; xx < w; xx++) {
        const [sy, sx] = [src(y - top, x.h), src(xx - left, x.w)];
        if (sy !== null && sx !== null) d[(c * h + y) * w + xx] = x.d[(c * x.h + sy) * x.w + sx];
      }
  return { c: x.c, h, w, d };
}

/** Runs layers [from, end) of a sequential inference on x. */
export function forward(
  inf: Inference,
  from: number,
  x: Vol,
  weights: Map<string, Float64Array>,
  ones: boolean,
): Vol {
  for (const s of inf.layers.slice(from)) {
    if (s.status !== 'ok') throw new Error('reference needs ok layers');
    const [, oc, oh, ow] = s.shape;
    const y: Vol = { c: oc, h: oh, w: ow, d: new Float64Array(oc * oh * ow) };
    const L = s.layer;
    if (L.kind === 'activation') {
      y.d = x.d.map((v) => (ones || v > 0 ? v : 0.1 * v));
    } else if (L.kind === 'conv2d' || L.kind === 'avgPool2d') {
      const win = s.window!;
      const mode = L.kind === 'conv2d' ? L.paddingMode : 'zeros';
      const P = padded(x, win.h.padBegin, win.h.padEnd, win.w.padBegin, win.w.padEnd, mode);
      const inPer = win.inChannels / win.groups;
      const outPer = win.outChannels / win.groups;
      const wt = weights.get(s.id);
      for (let co = 0; co < oc; co++)
        for (let oy = 0; oy < oh; oy++)
          for (let ox = 0; ox < ow; ox++) {
            let acc = 0;
            const cis =
              L.kind === 'conv2d'
                ? Array.from({ length: inPer }, (_, j) => Math.floor(co / outPer) * inPer + j)
                : [co];
            cis.forEach((ci, j) => {
              for (let ky = 0; ky < win.h.kernel; ky++)
                for (let kx = 0; kx < win.w.kernel; kx++) {
                  const [iy, ix] = [
                    oy * win.h.stride + ky * win.h.dilation,
                    ox * win.w.stride + kx * win.w.dilation,
                  ];
                  // Sum pooling stands for average pooling: a positive scale keeps the set.
                  const k = wt ? wt[((co * inPer + j) * win.h.kernel + ky) * win.w.kernel + kx] : 1;
                  // Ceil-mode windows hang past the end padding: those taps read nothing.
                  if (iy < P.h && ix < P.w) acc += k * P.d[(ci * P.h + iy) * P.w + ix];
                }
            });
            y.d[(co * oh + oy) * ow + ox] = acc + (wt && !ones ? wt[wt.length - 1] : 0);
          }
    }
    x = y;
  }
  return x;
}
