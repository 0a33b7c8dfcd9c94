// The per-step buffer of the optimizer kernels ("hyper"): one 64-byte slot (16 × f32) per
// trainable parameter tensor holding this step's numbers for it — the learning rate after the
// schedule and the tensor's group factor, and for Adam the bias corrections of the tensor's own
// step count t. The training step packs every slot into one Float32Array and writes it with one
// queue.writeBuffer before its single submit; the update kernels read their slot, so a schedule
// never recompiles anything or allocates. The field order is the WGSL `struct Hyper` of
// shaders/optim/sgd.wgsl and adam.wgsl (checked by hyper.test.ts).

import type { AdamScalars, SgdScalars } from '../../../core/train/optim';

/** Bytes per slot: WGSL pads each `struct Hyper` to 64 with @size on its last field. */
export const HYPER_BYTES = 64;
export const HYPER_FLOATS = HYPER_BYTES / 4;

/** shaders/optim/sgd.wgsl's Hyper, in order (camelCase of its fields). */
export const SGD_HYPER = ['lr', 'weightDecay', 'momentum', 'keep', 'first', 'nesterov'] as const;
/** shaders/optim/adam.wgsl's Hyper, in order. */
export const ADAM_HYPER = [
  'stepSize',
  'bc2Sqrt',
  'beta1',
  'oneMinusBeta1',
  'beta2',
  'oneMinusBeta2',
  'eps',
  'weightDecay',
  'decay',
  'first',
] as const;

const flag = (b: boolean) => (b ? 1 : 0);

/** Writes SGD's scalars into slot `slot` of `out` (HYPER_FLOATS floats per slot). */
export function packSgd(out: Float32Array, slot: number, s: SgdScalars): void {
  const values: Record<(typeof SGD_HYPER)[number], number> = {
    lr: s.lr,
    weightDecay: s.weightDecay,
    momentum: s.momentum,
    keep: s.keep,
    first: flag(s.first),
    nesterov: flag(s.nesterov),
  };
  SGD_HYPER.forEach((k, i) => (out[slot * HYPER_FLOATS + i] = values[k]));
}

/** Writes Adam's (or AdamW's) scalars into slot `slot` of `out`. */
export function packAdam(out: Float32Array, slot: number, s: AdamScalars): void {
  ADAM_HYPER.forEach(
    (k, i) => (out[slot * HYPER_FLOATS + i] = k === 'first' ? flag(s.first) : s[k]),
  );
}

/** What one update dispatch reads and writes. Every buffer holds float32 values from byte 0. */
export interface UpdateTarget {
  /** p: `count` values, updated in place. */
  readonly param: GPUBuffer;
  /** ∇p: `count` values, read only (clipping scales what is read, not the buffer). */
  readonly grad: GPUBuffer;
  readonly count: number;
  /** The per-step buffer and this tensor's slot in it. */
  readonly hyper: GPUBuffer;
  readonly slot: number;
  /** [N, κ] written earlier in the pass by clipNormProgram; null: no clipping. */
  readonly clip: GPUBuffer | null;
}
