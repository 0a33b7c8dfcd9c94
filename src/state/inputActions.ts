// The network input: a sample image, or a small matrix typed by hand (numeric mode), so the
// lecture exercises (5×5 image with a 3×3 kernel, the 4×4 max pool) give exactly their numbers.

import type { InputSpec } from '../core/layers';
import { fitsNumeric, LIMITS } from '../core/limits';
import { inputRefusal, valueRefusal } from '../core/share/storable';
import { addNotice } from './actions';
import { commit } from './history';
import { useStore, type AppState, type Snapshot } from './store';

export { fitsNumeric };

const NUMERIC = `${LIMITS.numericSide}×${LIMITS.numericSide} per channel (and ${LIMITS.numericChannels} channels)`;

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
      `Typed input holds up to ${NUMERIC}; the input is now ${to.c}×${to.h}×${to.w}, so it shows the sample image instead.`,
    );
    return { inputMode: 'image', fixedInput: undefined };
  }
  return { fixedInput: resizeValues(s.fixedInput, s.network.input, to) };
}

export function setInputMode(mode: 'image' | 'numeric' | 'own'): boolean {
  const s = useStore.getState();
  if (mode !== 'image' && mode !== 'numeric' && mode !== 'own') return false;
  if (mode === s.inputMode) return true;
  if (mode === 'image' || mode === 'own') {
    // 'own' without an image yet shows the sample until one is chosen (ownImageActions.ts).
    commit({ inputMode: mode, fixedInput: undefined });
    return true;
  }
  const spec = s.network.input;
  const invalid = inputRefusal(spec);
  if (invalid) {
    addNotice(`The input cannot be typed until its size is fixed — ${invalid}.`);
    return false;
  }
  if (!fitsNumeric(spec)) {
    addNotice(
      `Typed input holds up to ${NUMERIC}, but this network's input is ${spec.c}×${spec.h}×${spec.w}. Make the input smaller in the input card, or keep the image.`,
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

/** Sets one typed input value (channel c, row y, column x); returns why not, or null. */
export function setInputValue(c: number, y: number, x: number, value: number): string | null {
  const s = useStore.getState();
  const { c: C, h, w } = s.network.input;
  if (!s.fixedInput) return 'the input is an image: switch to typed numbers first';
  const inside = (v: number, n: number) => Number.isInteger(v) && v >= 0 && v < n;
  if (!inside(c, C) || !inside(y, h) || !inside(x, w))
    return `there is no input value at channel ${c}, row ${y}, column ${x} (the input is ${C}×${h}×${w})`;
  const bad = valueRefusal(value);
  if (bad) return bad;
  const i = (c * h + y) * w + x;
  if (s.fixedInput[i] === value) return null;
  const fixedInput = [...s.fixedInput];
  fixedInput[i] = value;
  commit({ fixedInput }, `input.value.${i}`);
  return null;
}

/** Replaces all typed values of one channel (paste a matrix); returns why not, or null. */
export function setInputChannel(c: number, values: readonly number[]): string | null {
  const s = useStore.getState();
  const { c: C, h, w } = s.network.input;
  if (!s.fixedInput) return 'the input is an image: switch to typed numbers first';
  if (!Number.isInteger(c) || c < 0 || c >= C) return `the input has no channel ${c}`;
  if (!Array.isArray(values) || values.length !== h * w)
    return `a channel holds ${h}×${w} = ${h * w} numbers, got ${Array.isArray(values) ? values.length : 'none'}`;
  const bad = values.map(valueRefusal).find((r) => r !== null);
  if (bad) return bad;
  const fixedInput = [...s.fixedInput];
  fixedInput.splice(c * h * w, h * w, ...values);
  commit({ fixedInput });
  return null;
}
