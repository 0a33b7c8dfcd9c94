// The iframe size the embed dialog suggests for each view: large enough to show the whole view
// (for the step view: the grids, the partial sums, the equation and the "Open in" link) at the
// app's usual content, measured in e2e/embed.spec.ts. The embed also posts its exact content
// height (a 'resize' event), so a host can fit the iframe to it.

import type { EmbedView } from './viewParams';

export interface EmbedSize {
  readonly width: number;
  readonly height: number;
}

const SIZES: Record<Exclude<EmbedView, 'steps'>, EmbedSize> = {
  maps: { width: 800, height: 620 },
  field: { width: 1000, height: 720 },
  arithmetic: { width: 800, height: 780 },
  overview: { width: 800, height: 400 },
  filters: { width: 800, height: 700 },
  summary: { width: 800, height: 600 },
};

/**
 * The suggested size; the step view grows with the input channels it shows side by side (one
 * grid and one kernel pair per channel, up to the three of an RGB image before it summarizes).
 */
export function embedSize(view: EmbedView, inputChannels = 1): EmbedSize {
  if (view !== 'steps') return SIZES[view];
  return inputChannels <= 1 ? { width: 1000, height: 1080 } : { width: 1200, height: 1400 };
}
