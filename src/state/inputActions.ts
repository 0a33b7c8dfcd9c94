// The network input: a sample image, or a small matrix typed by hand (numeric mode), so the
// lecture exercises (5×5 image with a 3×3 kernel, the 4×4 max pool) give exactly their numbers.

import type { InputSpec } from '../core/layers';
import { addNotice } from './actions';
import { commit } from './history';
import { useStore, type AppState, type Snapshot } from './store';

/** Numeric mode holds at most this many rows and columns per channel. */
export const NUMERIC_MAX = 16;

export const fitsNumeric = (spec: InputSpec): boolean =>
  spec.h <= NUMERIC_MAX && spec.w <= NUMERIC_MAX && spec.c <= 4;

/** Keeps the typed values where the old and new sizes overlap; new cells start at 0. */
export function resizeValues(values: readonly number[], from: InputSpec, to: InputSpec): number[] {
  const out = new Array<number>(to.c * to.h * to.w).fill(0);
  for (let c = 0; c < Math.min(from.c, to.c); c++)
    for (let y = 0; y < Math.min(from.h, to.h); y++)
      for (let x = 0; x < Math.min(from.w, to.w); x++)
        out[(c * to.h + y) * to.w + x] = values[(c * from.h + y) * from.w + x] ?? 0;
  return out;
}

/** The numeric-input part of an input-size change (used by setInputSpec). */
export function resizeNumericInput(s: AppState, to: InputSpec): Partial<Snapshot> {
  if (s.inputMode !== 'numeric' || !s.fixedInput) return {};
  if (!fitsNumeric(to)) {
    addNotice(
      `Typed input holds up to ${NUMERIC_MAX}×${NUMERIC_MAX} per channel (and 4 channels); the input is now ${to.c}×${to.h}×${to.w}, so it shows the sample image instead.`,
    );
    return { inputMode: 'image', fixedInput: undefined };
  }
  return { fixedInput: resizeValues(s.fixedInput, s.network.input, to) };
}

export function setInputMode(mode: 'image' | 'numeric'): boolean {
  const s = useStore.getState();
  if (mode === s.inputMode) return true;
  if (mode === 'image') {
    commit({ inputMode: 'image', fixedInput: undefined });
    return true;
  }
  const spec = s.network.input;
  if (!fitsNumeric(spec)) {
    addNotice(
      `Typed input holds up to ${NUMERIC_MAX}×${NUMERIC_MAX} per channel (and 4 channels), but this network's input is ${spec.c}×${spec.h}×${spec.w}. Make the input smaller in the input card, or keep the image.`,
    );
    return false;
  }
  // Start from the image the network sees now, so switching modes changes nothing at first.
  const seen = s.compute.input;
  const start =
    seen && seen.data.length >= spec.c * spec.h * spec.w
      ? Array.from(
          seen.data.subarray(0, spec.c * spec.h * spec.w),
          (v) => Math.round(v * 100) / 100,
        )
      : new Array<number>(spec.c * spec.h * spec.w).fill(0);
  commit({ inputMode: 'numeric', fixedInput: start });
  return true;
}

/** Sets one typed input value (channel c, row y, column x). */
export function setInputValue(c: number, y: number, x: number, value: number): void {
  const s = useStore.getState();
  const { h, w } = s.network.input;
  if (!s.fixedInput || !Number.isFinite(value)) return;
  const i = (c * h + y) * w + x;
  if (s.fixedInput[i] === value) return;
  const fixedInput = [...s.fixedInput];
  fixedInput[i] = value;
  commit({ fixedInput }, `input.value.${i}`);
}

/** Replaces all typed values of one channel (paste a matrix). */
export function setInputChannel(c: number, values: readonly number[]): void {
  const s = useStore.getState();
  const { h, w } = s.network.input;
  if (!s.fixedInput || values.length !== h * w || !values.every(Number.isFinite)) return;
  const fixedInput = [...s.fixedInput];
  fixedInput.splice(c * h * w, h * w, ...values);
  commit({ fixedInput });
}
