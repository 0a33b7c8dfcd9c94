// Your own image as the network input: set it (from a file, a drop, a paste, the camera or the
// drawing pad), change how it is preprocessed, or go back to the samples. The pixels live in the
// `own` slice, outside the undo history and out of every link and file; the input mode and the
// preprocessing settings are the student's choices and are undoable.

import {
  refusalNotice,
  ownImageRefusal,
  type DecodedImage,
  type OwnImage,
  type OwnSource,
} from '../core/ownImage';
import { settingsRefusal, type PreprocessSettings } from '../core/preprocess/settings';
import { addNotice } from './actions';
import { commit } from './history';
import { useStore } from './store';

/**
 * Shows `image` as the input; returns why not (and changes nothing), or null. The first image
 * switches the input mode to 'own' (one undo step); later ones (a drawing updated while you
 * draw) only replace the pixels.
 */
export function setOwnImage(image: OwnImage): string | null {
  const refused = ownImageRefusal(image);
  if (refused) return refused;
  const s = useStore.getState();
  useStore.setState({ own: image });
  if (s.inputMode !== 'own') commit({ inputMode: 'own', fixedInput: undefined });
  return null;
}

let opening = 0;

/**
 * Decodes a picture (the browser edge passes `decode`) and shows it. Any failure — a refusal,
 * a decoder error, a bad result — becomes a notice naming the file and what to do, and the input
 * stays as it was. Returns the reason, or null. When two files are opened in quick succession
 * the later one wins, whichever finishes decoding first.
 */
export async function openOwnImage(
  name: string,
  source: OwnSource,
  decode: () => Promise<DecodedImage>,
): Promise<string | null> {
  const ticket = ++opening;
  let why: string | null;
  try {
    const d = await decode();
    if (ticket !== opening) return null;
    why = setOwnImage({ pixels: d.pixels, width: d.width, height: d.height, source, name });
  } catch (e) {
    why = e instanceof Error ? e.message : String(e);
  }
  if (why && ticket === opening) addNotice(refusalNotice(name, why));
  return why;
}

/** Changes how the own image is preprocessed (one undo step per setting); returns why not. */
export function setPreprocess(patch: Partial<PreprocessSettings>): string | null {
  const refused = settingsRefusal(patch);
  if (refused) return refused;
  const s = useStore.getState();
  const next = { ...s.preprocess, ...patch };
  const same = (Object.keys(next) as (keyof PreprocessSettings)[]).every(
    (k) => next[k] === s.preprocess[k],
  );
  if (!same) commit({ preprocess: next }, `preprocess.${Object.keys(patch).join('.')}`);
  return null;
}

/** Forgets the own image (the pixels are dropped) and shows the sample image again. */
export function discardOwnImage(): void {
  const s = useStore.getState();
  useStore.setState({ own: null });
  if (s.inputMode === 'own') commit({ inputMode: 'image' });
}
