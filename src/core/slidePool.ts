// One step of a pooling layer: the window's values in one channel, and the winner (max, with ties
// named) or the sum and divisor (average, PyTorch's count_include_pad). Channels are pooled each
// on their own, so a step is per channel.

import type { Pool2dLayer } from './layers';
import type { WindowInfo } from './shape';
import { slideWindow, type SlideWindow } from './slide';
import type { Planes } from './slideConv';

export interface PoolStep {
  readonly window: SlideWindow;
  readonly channel: number;
  /** Per tap: the input value, or null where the tap is in the padding (or past it). */
  readonly values: readonly (number | null)[];
  /** Max: the taps holding the maximum (ties: more than one; PyTorch keeps the first). */
  readonly winners: readonly number[];
  /** Average: the sum of the values read and the divisor. */
  readonly sum: number;
  readonly divisor: number;
  readonly output: number;
}

export function poolStep(
  x: Planes,
  info: WindowInfo,
  layer: Pool2dLayer,
  index: number,
  channel: number,
): PoolStep {
  const window = slideWindow(info, index, 'zeros');
  const values = window.taps.map((t) =>
    t.inPadding ? null : x.data[(channel * x.h + t.srcY) * x.w + t.srcX],
  );
  const real = values.filter((v): v is number => v !== null);
  const sum = real.reduce((a, b) => a + b, 0);
  if (layer.kind === 'maxPool2d') {
    const max = Math.max(...real);
    const winners = values.flatMap((v, i) => (v === max ? [i] : []));
    return { window, channel, values, winners, sum, divisor: 1, output: max };
  }
  const counted =
    layer.countIncludePad !== false ? window.taps.filter((t) => !t.outside).length : real.length;
  return { window, channel, values, winners: [], sum, divisor: counted, output: sum / counted };
}
