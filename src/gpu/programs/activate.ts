// How an activation is expressed for shaders/common/activate.wgsl: which pipeline constant and
// which uniforms. Used by the activation layer's program and by the epilogue that conv2d and
// linear fuse (their twin: the CPU conv or linear, then src/cpu/activation.ts).

import type { ActivationFn } from '../../core/layers';

/** Kind codes of the activations in shaders/common/activate.wgsl (sigmoid 3 … silu 6). */
export const ACTIVATION_CODES: Record<ActivationFn, number> = {
  relu: 0,
  relu6: 1,
  leakyRelu: 2,
  sigmoid: 3,
  tanh: 4,
  gelu: 5,
  silu: 6,
  identity: 7,
};

export interface FusedActivation {
  readonly fn: ActivationFn;
  /** leakyRelu's negative slope (default 0.01, as the activation layer). */
  readonly alpha?: number;
}

export interface Epilogue {
  /** The ACT pipeline constant: 0 for the piecewise-linear family, else ACTIVATION_CODES[fn]. */
  readonly kind: number;
  /** Piecewise-linear family: v < 0 ? (zeroNeg ? 0 : v · negSlope) : v, then hi above hi. */
  readonly negSlope: number;
  readonly hi: number;
  /** 1: negative inputs give 0 (relu, relu6: 0 even at −∞, where v · 0 would be NaN). */
  readonly zeroNeg: number;
}

/**
 * relu, relu6, leakyRelu and identity (and no activation) are one compiled kind with run-time
 * parameters, so a network of them needs one pipeline per layer shape; sigmoid, tanh, gelu and
 * silu each compile their own (SwiftShader would evaluate every case of a run-time switch).
 */
export function epilogue(act: FusedActivation | undefined): Epilogue {
  const fn = act?.fn ?? 'identity';
  switch (fn) {
    case 'relu':
      return { kind: 0, negSlope: 0, hi: Infinity, zeroNeg: 1 };
    case 'relu6':
      return { kind: 0, negSlope: 0, hi: 6, zeroNeg: 1 };
    case 'leakyRelu':
      return { kind: 0, negSlope: act?.alpha ?? 0.01, hi: Infinity, zeroNeg: 0 };
    case 'identity':
      return { kind: 0, negSlope: 1, hi: Infinity, zeroNeg: 0 };
    default:
      return { kind: ACTIVATION_CODES[fn], negSlope: 1, hi: Infinity, zeroNeg: 0 };
  }
}
