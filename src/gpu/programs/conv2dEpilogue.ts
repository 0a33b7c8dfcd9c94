// The fused activation of conv2d and linear (shaders/common/activate.wgsl): which pipeline
// constant and which uniforms express an activation. Shared by conv2d.ts and linear.ts.

import type { ActivationFn } from '../../core/layers';
import { ACTIVATION_CODES } from './activation';

export interface FusedActivation {
  readonly fn: ActivationFn;
  /** leakyRelu's negative slope (default 0.01, as the activation layer). */
  readonly alpha?: number;
}

export interface Epilogue {
  /** The ACT pipeline constant: 0 for the piecewise-linear family, else ACTIVATION_CODES[fn]. */
  readonly kind: number;
  /** Piecewise-linear family: v < 0 ? v · negSlope : v, then min(·, hi). */
  readonly negSlope: number;
  readonly hi: number;
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
      return { kind: 0, negSlope: 0, hi: Infinity };
    case 'relu6':
      return { kind: 0, negSlope: 0, hi: 6 };
    case 'leakyRelu':
      return { kind: 0, negSlope: act?.alpha ?? 0.01, hi: Infinity };
    case 'identity':
      return { kind: 0, negSlope: 1, hi: Infinity };
    default:
      return { kind: ACTIVATION_CODES[fn], negSlope: 1, hi: Infinity };
  }
}
