// dropout in training: y = x · mask · 1/(1 − p), the mask a pure function of (seed, step,
// element index) (src/core/train/dropout.ts), so the backward dx = dy · mask · 1/(1 − p)
// recomputes it instead of storing it. GPU twin: shaders/grad/dropout.wgsl, the same bits.

import {
  dropoutHash,
  dropoutKeeps,
  dropoutScale,
  dropoutThreshold,
} from '../../core/train/dropout';
import type { Tensor } from '../../core/tensor';
import { OpError, checkTensor } from '../opError';

export { dropoutHash };

function check(p: number, seed: number, step: number): void {
  if (!(p >= 0 && p < 1)) {
    throw new OpError(`dropout probability must be in [0, 1), got ${p}`, 'bad-param');
  }
  for (const [name, v] of [
    ['seed', seed],
    ['step', step],
  ] as const) {
    if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) {
      throw new OpError(`dropout ${name} must be a 32-bit unsigned integer, got ${v}`, 'bad-param');
    }
  }
}

/** The mask of `count` elements: 1 kept, 0 dropped. */
export function dropoutMask(count: number, p: number, seed: number, step: number): Uint8Array {
  check(p, seed, step);
  const threshold = dropoutThreshold(p);
  const mask = new Uint8Array(count);
  for (let i = 0; i < count; i++) mask[i] = dropoutKeeps(threshold, seed, step, i) ? 1 : 0;
  return mask;
}

/** x · mask · scale elementwise (the forward on x, the backward on dy). */
function masked(t: Tensor, p: number, seed: number, step: number): Tensor {
  checkTensor('dropout input', t);
  const mask = dropoutMask(t.data.length, p, seed, step);
  const scale = dropoutScale(p);
  const out = new Float32Array(t.data.length);
  for (let i = 0; i < out.length; i++) out[i] = t.data[i] * (mask[i] ? scale : 0);
  return { shape: [...t.shape], data: out };
}

/** The training forward at this step: x: any shape → y of that shape. */
export const dropoutTrain = (x: Tensor, p: number, seed: number, step: number): Tensor =>
  masked(x, p, seed, step);

/** dy → dx with the forward's mask (same p, seed, step). */
export const dropoutBackward = (dy: Tensor, p: number, seed: number, step: number): Tensor =>
  masked(dy, p, seed, step);
