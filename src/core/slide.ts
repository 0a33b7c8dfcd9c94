// The kernel-slide stepper: step i of a sliding-window layer (conv or pool) → which output cell,
// which input cells each kernel tap reads (padding and dilation gaps included), and for a conv
// the products, partial sums, bias and output; for a pool the window's values and the winner or
// mean. Animations read only this (and the info objects of shape.ts): nothing is re-derived.

import type { PaddingMode } from './layers';
import { tapPosition, type AxisInfo } from './shape';

/**
 * Where padded position `i` (may be negative or ≥ size) reads from along an axis of `size` cells:
 * an index in [0, size), or -1 for a zero of 'zeros' padding.
 * replicate copies the edge; reflect mirrors without repeating the edge (PyTorch 'reflect':
 * -1 → 1, size → size - 2), folding again if a position lies more than one input away.
 */
export function padIndex(i: number, size: number, mode: PaddingMode): number {
  if (i >= 0 && i < size) return i;
  switch (mode) {
    case 'zeros':
      return -1;
    case 'replicate':
      return i < 0 ? 0 : size - 1;
    case 'reflect': {
      if (size === 1) return 0;
      const period = 2 * (size - 1);
      const m = ((i % period) + period) % period;
      return m < size ? m : period - m;
    }
  }
}

export { tapPosition };

export interface Axes {
  readonly h: AxisInfo;
  readonly w: AxisInfo;
}

export interface SlideTap {
  readonly ky: number;
  readonly kx: number;
  /** Position in the unpadded frame (negative or ≥ size inside the padding). */
  readonly y: number;
  readonly x: number;
  /** The input cell the tap reads, or −1 where it reads a zero of the padding. */
  readonly srcY: number;
  readonly srcX: number;
  /** In the padding ring (or past it, for a ceil-mode pool window hanging off the end). */
  readonly inPadding: boolean;
  /** Past the padded input: only a ceil-mode pool window reaches here; it is not counted. */
  readonly outside: boolean;
}

export interface SlideWindow {
  readonly index: number;
  readonly oy: number;
  readonly ox: number;
  /** Row-major over the kernel: taps[ky * K_w + kx]. */
  readonly taps: readonly SlideTap[];
}

/** Output positions in row-major order: H_out × W_out. */
export const slideCount = (axes: Axes): number => axes.h.out * axes.w.out;

export function slideWindow(axes: Axes, index: number, mode: PaddingMode = 'zeros'): SlideWindow {
  const count = slideCount(axes);
  const i = Math.min(Math.max(0, Math.floor(index)), count - 1);
  const oy = Math.floor(i / axes.w.out);
  const ox = i % axes.w.out;
  const taps: SlideTap[] = [];
  for (let ky = 0; ky < axes.h.kernel; ky++) {
    for (let kx = 0; kx < axes.w.kernel; kx++) {
      const y = tapPosition(axes.h, oy, ky);
      const x = tapPosition(axes.w, ox, kx);
      const outside = y >= axes.h.size + axes.h.padEnd || x >= axes.w.size + axes.w.padEnd;
      const inPadding = y < 0 || x < 0 || y >= axes.h.size || x >= axes.w.size;
      const srcY = padIndex(y, axes.h.size, mode);
      const srcX = padIndex(x, axes.w.size, mode);
      const zero = srcY < 0 || srcX < 0;
      taps.push({
        ky,
        kx,
        y,
        x,
        srcY: zero ? -1 : srcY,
        srcX: zero ? -1 : srcX,
        inPadding,
        outside,
      });
    }
  }
  return { index: i, oy, ox, taps };
}

/** The first output position (row-major) whose window reads input cell (y, x), or −1. */
export function firstStepReading(axes: Axes, y: number, x: number): number {
  const first = (axis: AxisInfo, i: number) => {
    for (let o = 0; o < axis.out; o++)
      for (let k = 0; k < axis.kernel; k++) if (tapPosition(axis, o, k) === i) return o;
    return -1;
  };
  const oy = first(axes.h, y);
  const ox = first(axes.w, x);
  return oy < 0 || ox < 0 ? -1 : oy * axes.w.out + ox;
}
