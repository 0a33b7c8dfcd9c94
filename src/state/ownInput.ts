// Your own image as the network sees it: the preprocessing of core/preprocess, run once per
// (image, settings, input size) and shared by the compute loop and the strip of pictures on
// screen, so the two can never disagree.

import type { OwnImage } from '../core/ownImage';
import { preprocess, type Preprocessed } from '../core/preprocess/pipeline';
import type { PreprocessSettings } from '../core/preprocess/settings';
import { inputRefusal } from '../core/share/storable';
import type { AppState } from './store';

let last: {
  own: OwnImage;
  settings: PreprocessSettings;
  c: number;
  h: number;
  w: number;
  out: Preprocessed;
} | null = null;

/** The preprocessed own image for this state, or null (none, or an input size being fixed). */
export function ownInput(s: Pick<AppState, 'own' | 'preprocess' | 'network'>): Preprocessed | null {
  const { own, preprocess: settings } = s;
  const { c, h, w } = s.network.input;
  if (!own || inputRefusal(s.network.input)) return null;
  if (
    last &&
    last.own === own &&
    last.settings === settings &&
    last.c === c &&
    last.h === h &&
    last.w === w
  )
    return last.out;
  const image = { width: own.width, height: own.height, data: own.pixels };
  const out = preprocess(image, settings, { c, h, w }, own.source === 'drawing');
  last = { own, settings, c, h, w, out };
  return out;
}
