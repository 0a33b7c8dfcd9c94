// A preset: a named network as data, with the reference it was checked against. Teaching
// examples may also fix their input values and kernels so the lecture's numbers appear exactly.

import type { Network } from '../layers';

/**
 * Hand-set parameters of one layer; any field left out keeps its initial value. Layout of the op:
 * conv weight [C_out, C_in/G, K_h, K_w], linear [out, in], flattened row-major; batch norm's
 * gamma/beta/runningMean/runningVar per channel; layer norm's gamma/beta per element.
 */
export interface FixedWeights {
  /** Initialize this layer from its own seed instead of the network's ("re-initialize"). */
  readonly seed?: number;
  readonly weight?: readonly number[];
  readonly bias?: readonly number[];
  readonly gamma?: readonly number[];
  readonly beta?: readonly number[];
  readonly runningMean?: readonly number[];
  readonly runningVar?: readonly number[];
  /**
   * Single weights typed by hand, as [flat index into `weight`'s layout, value] pairs, applied
   * over `weight` (or over the seeded weights when `weight` is absent). One typed value in a
   * 2.4 M-weight layer is one pair, not a copy of the layer.
   */
  readonly weightEdits?: readonly (readonly [number, number])[];
  /**
   * The layout `weight` and `weightEdits` were made for ([C_out, C_in/G, K_h, K_w] or
   * [out, in]); when the layer's shape has changed since, the values are carried over
   * (core/weightRemap.ts). Absent: the layer's current layout.
   */
  readonly weightDims?: readonly number[];
}

export interface Preset {
  /** URL id, e.g. 'vgg16' (?preset=vgg16). */
  readonly id: string;
  readonly title: string;
  /** One or two sentences for the presets menu. */
  readonly description: string;
  /** The reference definition this network follows and its parameter count was checked against. */
  readonly reference: string;
  /** Total learnable parameters of the reference (for the record; tests check it). */
  readonly referenceParams?: number;
  readonly group: 'classic' | 'teaching';
  readonly network: Network;
  /** Teaching examples: fixed kernels by layer id. */
  readonly weights?: Readonly<Record<string, FixedWeights>>;
  /** Teaching examples: the input values, NCHW flattened (length N*C*H*W). */
  readonly input?: readonly number[];
}
