// Receptive-field geometry per layer and axis, after Araujo, Norris & Sim, "Computing Receptive
// Fields of Convolutional Neural Networks" (Distill, 2019). All quantities are in input pixels:
//   r_l = r_{l-1} + (k_l - 1)·d_l·j_{l-1}              (field size)
//   j_l = j_{l-1}·s_l                                   (jump: distance between neighbouring units)
//   start_l = start_{l-1} + ((k_l - 1)·d_l / 2 - p_begin,l)·j_{l-1}   (centre of unit 0)
// The window numbers (k, s, d, p_begin) come from shape.ts via the inference, never re-derived.
// unitField.ts gives the exact pixel set of one unit; this module is the closed-form summary.

import type { Inference, OkShape } from './infer';
import { INPUT_ID } from './layers';
import type { AxisInfo, Shape } from './shape';

/** One axis of a layer's field, in input pixels. */
export interface AxisRF {
  /** r: pixels one unit spans (padding included), e.g. 5 after two 3×3 convs. */
  readonly size: number;
  /** j: input pixels between the centres of neighbouring units (the effective stride). */
  readonly jump: number;
  /** Centre of unit 0 in input pixel coordinates; negative or fractional when padding/even kernels say so. */
  readonly start: number;
}

export interface LayerRF {
  readonly h: AxisRF;
  readonly w: AxisRF;
  /** Every unit sees the whole input (global pooling, flatten, linear, layer norm, softmax over features). */
  readonly global: boolean;
  /**
   * No grid of positions to step along: a flat [N, F] output, or global pooling's single 1×1
   * cell (and what follows them). Each unit sees the whole field and has no neighbour, so there
   * is no jump to report; h/w.jump then only lets a following layer compose by the same formulas.
   */
  readonly flat: boolean;
  /** Paths with different jumps meet (add/concat): the numbers describe unit 0 only. */
  readonly misaligned: boolean;
}

/** [top, left, bottom, right], inclusive, in input pixels; may extend outside the image. */
export type PixelBox = readonly [number, number, number, number];

const UNIT: AxisRF = { size: 1, jump: 1, start: 0 };
const INPUT_RF: LayerRF = { h: UNIT, w: UNIT, global: false, flat: false, misaligned: false };

/** First and last input pixel of unit 0's field. */
const low = (a: AxisRF): number => a.start - (a.size - 1) / 2;
const high = (a: AxisRF): number => a.start + (a.size - 1) / 2;

function fromInterval(lo: number, hi: number, jump: number): AxisRF {
  return { size: hi - lo + 1, jump, start: (lo + hi) / 2 };
}

/** One conv or pooling window applied on top of the incoming field (Distill eqs. above). */
function throughWindow(a: AxisRF, win: AxisInfo): AxisRF {
  const grow = (win.kernel - 1) * win.dilation; // extra input cells of the window, in layer units
  return {
    size: a.size + grow * a.jump,
    jump: a.jump * win.stride,
    start: a.start + (grow / 2 - win.padBegin) * a.jump,
  };
}

/**
 * Every unit reads all `units` units of the incoming layer along this axis: the union of their
 * fields (padding included) and the image frame [0, image - 1]. `keep`: the output keeps the
 * input's positions (layer norm on C×H×W), so neighbours are still a.jump apart. Otherwise the
 * jump is that of a window as wide as the layer, so a layer that follows still composes by the
 * same formulas (no neighbour exists to measure it against: the layer is flat).
 */
function wholeAxis(a: AxisRF, units: number, image: number, keep: boolean): AxisRF {
  const lo = Math.min(0, low(a));
  const hi = Math.max(image - 1, high(a) + (units - 1) * a.jump);
  return fromInterval(lo, hi, keep ? a.jump : a.jump * units);
}

/** Union of unit 0's fields over all inputs of an add/concat; the largest jump wins. */
function unionAxis(axes: readonly AxisRF[]): { axis: AxisRF; misaligned: boolean } {
  const lo = Math.min(...axes.map(low));
  const hi = Math.max(...axes.map(high));
  const jump = Math.max(...axes.map((a) => a.jump));
  return { axis: fromInterval(lo, hi, jump), misaligned: axes.some((a) => a.jump !== jump) };
}

/** `keepPositions`: the output keeps the input's H×W grid (layer norm), else it is flat. */
function globalRF(rf: LayerRF, inShape: Shape, imageShape: Shape, keepPositions = false): LayerRF {
  // A flat [N, F] input has no spatial axes left: it already spans everything, one "unit" wide.
  const rank4 = inShape.length === 4;
  const keep = keepPositions && rank4 && !rf.flat;
  return {
    h: wholeAxis(rf.h, rank4 ? inShape[2] : 1, imageShape[2], keep),
    w: wholeAxis(rf.w, rank4 ? inShape[3] : 1, imageShape[3], keep),
    global: true,
    flat: !keep,
    misaligned: rf.misaligned,
  };
}

function layerRF(s: OkShape, ins: readonly LayerRF[], image: Shape): LayerRF {
  const [first] = ins;
  const layer = s.layer;
  switch (layer.kind) {
    case 'conv2d':
    case 'maxPool2d':
    case 'avgPool2d': {
      const win = s.window;
      if (!win) return first; // inference always attaches a window to ok conv/pool layers
      return { ...first, h: throughWindow(first.h, win.h), w: throughWindow(first.w, win.w) };
    }
    case 'batchNorm': // inference semantics: a per-channel affine map, elementwise
    case 'activation':
    case 'dropout': // identity at inference
      return first;
    case 'softmax':
      // Over channels of a C×H×W tensor: same position, so the field does not grow.
      return s.inputShapes[0].length === 4 ? first : globalRF(first, s.inputShapes[0], image);
    case 'globalAvgPool':
    case 'flatten': // per feature the field is one unit's; as a layer it covers everything
    case 'linear':
      return globalRF(first, s.inputShapes[0], image);
    case 'layerNorm': // every value depends on all of them, each still at its own position
      return globalRF(first, s.inputShapes[0], image, true);
    case 'add':
    case 'concat': {
      const h = unionAxis(ins.map((r) => r.h));
      const w = unionAxis(ins.map((r) => r.w));
      return {
        h: h.axis,
        w: w.axis,
        global: ins.some((r) => r.global),
        flat: ins.some((r) => r.flat),
        misaligned: h.misaligned || w.misaligned || ins.some((r) => r.misaligned),
      };
    }
  }
}

/**
 * Receptive field of every layer (and of the input itself, r = 1), in input pixels.
 * Layers that are not 'ok' map to null, and so does the input when it is invalid.
 */
export function receptiveFields(inference: Inference): Map<string, LayerRF | null> {
  const out = new Map<string, LayerRF | null>();
  out.set(INPUT_ID, inference.inputError ? null : INPUT_RF);
  for (const s of inference.layers) {
    const ins = s.inputs.map((id) => out.get(id) ?? null);
    if (s.status !== 'ok' || ins.some((r) => r === null)) {
      out.set(s.id, null);
      continue;
    }
    out.set(s.id, layerRF(s, ins as LayerRF[], inference.inputShape));
  }
  return out;
}

/** Input-pixel bounding box [top, left, bottom, right] (inclusive) of unit (y, x). */
export function unitBox(rf: LayerRF, y: number, x: number): PixelBox {
  const cy = rf.h.start + y * rf.h.jump;
  const cx = rf.w.start + x * rf.w.jump;
  const ry = (rf.h.size - 1) / 2;
  const rx = (rf.w.size - 1) / 2;
  return [cy - ry, cx - rx, cy + ry, cx + rx];
}
