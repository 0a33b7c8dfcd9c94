// Shared pieces of the step-by-step views: the input planes of a layer, marks and crops.

import type { WindowInfo } from '../../../core/shape';
import type { SlideWindow } from '../../../core/slide';
import type { Planes } from '../../../core/slideConv';
import type { Tensor } from '../../../core/tensor';
import { cropAxis } from './CellGrid';

/** Sample 0 of an [N, C, H, W] tensor as planes. */
export function planesOf(t: Tensor): Planes {
  const [, c, h, w] = t.shape;
  return { data: t.data.subarray(0, c * h * w), c, h, w };
}

/** Marks of the current window: its taps, and the dilation gaps inside its outline. */
export function windowMarks(win: SlideWindow, extra: Map<string, string> = new Map()) {
  const marks = new Map(extra);
  const ys = win.taps.map((t) => t.y);
  const xs = win.taps.map((t) => t.x);
  const outline = {
    y0: Math.min(...ys),
    x0: Math.min(...xs),
    y1: Math.max(...ys),
    x1: Math.max(...xs),
  };
  for (let y = outline.y0; y <= outline.y1; y++)
    for (let x = outline.x0; x <= outline.x1; x++) marks.set(`${y},${x}`, 'gap');
  win.taps.forEach((t) => marks.set(`${t.y},${t.x}`, `tap${t.outside ? ' outside' : ''}`));
  return { marks, outline };
}

/** A frame up to this many cells is drawn whole; a bigger one is zoomed on the window. */
const CROP = 9;

/** The input frame (padding included) to draw around the window. */
export function inputCrop(
  info: WindowInfo,
  outline: { y0: number; x0: number; y1: number; x1: number },
) {
  const { h, w } = info;
  return {
    rows: cropAxis(outline.y0, outline.y1, -h.padBegin, h.size + h.padEnd - 1, CROP),
    cols: cropAxis(outline.x0, outline.x1, -w.padBegin, w.size + w.padEnd - 1, CROP),
  };
}

/** The output plane to draw around the current cell. */
export function outputCrop(info: WindowInfo, oy: number, ox: number) {
  return {
    rows: cropAxis(oy, oy, 0, info.h.out - 1, 9),
    cols: cropAxis(ox, ox, 0, info.w.out - 1, 9),
  };
}

/** Any padding on any side: TF-style 'same' can pad only the end (0 before, 1 after). */
export const hasPadding = ({ h, w }: WindowInfo): boolean =>
  h.padBegin + h.padEnd + w.padBegin + w.padEnd > 0;

/** Cells a grid should draw bigger when few. */
export const cellSize = (n: number) => (n <= 6 ? 44 : n <= 9 ? 38 : 32);

/** After the last position: the input rows and columns no window ever read (core's uncovered). */
export function markUncovered(marks: Map<string, string>, info: WindowInfo): void {
  for (const y of info.h.uncovered)
    for (let x = 0; x < info.w.size; x++) marks.set(`${y},${x}`, 'uncovered');
  for (const x of info.w.uncovered)
    for (let y = 0; y < info.h.size; y++) marks.set(`${y},${x}`, 'uncovered');
}
