// linear backward: the CPU reference of the gradients of y = x Wᵀ + b (twin of
// shaders/grad/linear.wgsl), for x [N, F], W [O, F] row-major and dy = ∂L/∂y [N, O] (L summed as
// dy gives it: no averaging here):
//   dx = dy · W  [N, F];   dW = dyᵀ · x  [O, F];   db = Σ_n dy[n]  [O].
// Sums run in float64.

import type { Tensor } from '../../core/tensor';
import { expectLength, expectRank, OpError, shapeText } from '../opError';
import type { GradNeed } from './conv2d';

export interface LinearGrads {
  /** ∂L/∂x: [N, F], or null when not asked for. */
  readonly dx: Tensor | null;
  /** ∂L/∂weight: [O, F] row-major, or null when not asked for. */
  readonly dWeight: Float32Array | null;
  /** ∂L/∂bias: [O], or null when not asked for. */
  readonly dBias: Float32Array | null;
}

/** x: the forward's input [N, F]; weight: [O, F]; dy: [N, O]. Throws OpError on a mismatch. */
export function linearBackward(
  x: Tensor,
  weight: Float32Array,
  dy: Tensor,
  need: GradNeed,
): LinearGrads {
  expectRank('linear input', x, [2], 'a flat input: add a flatten layer before it');
  expectRank('linear output gradient', dy, [2], '[N, O]');
  const [N, F] = x.shape;
  const O = dy.shape[1];
  if (dy.shape[0] !== N) {
    throw new OpError(
      `linear output gradient is ${shapeText(dy.shape)}, the input has ${N} rows`,
      'mismatch',
    );
  }
  expectLength('linear weight', weight, O * F, `[${O}, ${F}]`);
  const xs = x.data;
  const g = dy.data;

  let dx: Tensor | null = null;
  if (need.input) {
    const data = new Float32Array(N * F);
    const row = new Float64Array(F);
    for (let n = 0; n < N; n++) {
      row.fill(0);
      for (let o = 0; o < O; o++) {
        const gv = g[n * O + o];
        const wRow = o * F;
        for (let f = 0; f < F; f++) row[f] += gv * weight[wRow + f];
      }
      data.set(row, n * F);
    }
    dx = { shape: [N, F], data };
  }

  let dWeight: Float32Array | null = null;
  if (need.weight) {
    const acc = new Float64Array(O * F);
    for (let n = 0; n < N; n++) {
      const xRow = n * F;
      for (let o = 0; o < O; o++) {
        const gv = g[n * O + o];
        const wRow = o * F;
        for (let f = 0; f < F; f++) acc[wRow + f] += gv * xs[xRow + f];
      }
    }
    dWeight = Float32Array.from(acc);
  }

  let dBias: Float32Array | null = null;
  if (need.bias) {
    const acc = new Float64Array(O);
    for (let n = 0; n < N; n++) for (let o = 0; o < O; o++) acc[o] += g[n * O + o];
    dBias = Float32Array.from(acc);
  }
  return { dx, dWeight, dBias };
}
