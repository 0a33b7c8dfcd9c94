// Which colour scale each feature map uses: its own (per channel), the layer's, or one shared by
// every layer computed (global), so brightness can be compared across whatever the mode spans.

import { colorScale, minMax, type ColorScale } from './colormap';

export type ScaleMode = 'channel' | 'layer' | 'global';

/** One scale per channel (all the same object unless mode is 'channel'). */
export function channelScales(
  data: Float32Array,
  channels: number,
  plane: number,
  mode: ScaleMode,
  globalRange: readonly [number, number] | null,
): ColorScale[] {
  if (mode === 'channel') {
    return Array.from({ length: channels }, (_, c) => {
      const [lo, hi] = minMax(data, c * plane, (c + 1) * plane);
      return colorScale(lo, hi);
    });
  }
  const [lo, hi] =
    mode === 'global' && globalRange ? globalRange : minMax(data, 0, channels * plane);
  return new Array<ColorScale>(channels).fill(colorScale(lo, hi));
}

/** The range over several tensors (the input and every layer read back). */
export function rangeOf(tensors: Iterable<{ data: Float32Array }>): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const t of tensors) {
    const [a, b] = minMax(t.data);
    if (t.data.length === 0) continue;
    lo = Math.min(lo, a);
    hi = Math.max(hi, b);
  }
  return lo <= hi ? [lo, hi] : [0, 0];
}
