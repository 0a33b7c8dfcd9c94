// Fitting a picture to the network's aspect ratio before it is resized:
//   crop:      the centred window of the target aspect, as large as fits (the default);
//   letterbox: the whole picture, padded evenly on two sides with a fill value (0, black);
//   stretch:   nothing here: the resize changes the aspect.
// An odd number of rows or columns to remove or add puts the extra one after (bottom, right).

import { picture, type Picture } from './picture';

export type Fit = 'crop' | 'letterbox' | 'stretch';

/** A window of a picture: left, top, width, height, in its pixels. */
export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** The centred crop of a w×h picture with the aspect tw:th (rounded to whole pixels). */
export function centreCrop(w: number, h: number, tw: number, th: number): Rect {
  // Compare w/h with tw/th without dividing: w·th vs h·tw.
  if (w * th > h * tw) {
    const width = Math.max(1, Math.min(w, Math.round((h * tw) / th)));
    return { x: Math.floor((w - width) / 2), y: 0, width, height: h };
  }
  const height = Math.max(1, Math.min(h, Math.round((w * th) / tw)));
  return { x: 0, y: Math.floor((h - height) / 2), width: w, height };
}

/** The canvas a w×h picture is letterboxed into for the aspect tw:th, and where it sits. */
export function letterboxRect(
  w: number,
  h: number,
  tw: number,
  th: number,
): { width: number; height: number; at: Rect } {
  if (w * th > h * tw) {
    const height = Math.max(h, Math.round((w * th) / tw));
    return { width: w, height, at: { x: 0, y: Math.floor((height - h) / 2), width: w, height: h } };
  }
  const width = Math.max(w, Math.round((h * tw) / th));
  return { width, height: h, at: { x: Math.floor((width - w) / 2), y: 0, width: w, height: h } };
}

/** The pixels of `pic` inside `r`. */
export function cropTo(pic: Picture, r: Rect): Picture {
  const out = picture(r.width, r.height, pic.channels);
  for (let c = 0; c < pic.channels; c++)
    for (let y = 0; y < r.height; y++) {
      const from = (c * pic.height + r.y + y) * pic.width + r.x;
      out.data.set(pic.data.subarray(from, from + r.width), (c * r.height + y) * r.width);
    }
  return out;
}

/** `pic` placed at `at` on a width × height canvas filled with `fill`. */
export function padTo(pic: Picture, width: number, height: number, at: Rect, fill = 0): Picture {
  const out = picture(width, height, pic.channels);
  out.data.fill(fill);
  for (let c = 0; c < pic.channels; c++)
    for (let y = 0; y < pic.height; y++) {
      const from = (c * pic.height + y) * pic.width;
      out.data.set(
        pic.data.subarray(from, from + pic.width),
        (c * height + at.y + y) * width + at.x,
      );
    }
  return out;
}

/** The picture with the target's aspect (tw:th), by `fit`. */
export function fitAspect(pic: Picture, tw: number, th: number, fit: Fit): Picture {
  const { width: w, height: h } = pic;
  if (fit === 'stretch' || w * th === h * tw) return pic;
  if (fit === 'crop') return cropTo(pic, centreCrop(w, h, tw, th));
  const box = letterboxRect(w, h, tw, th);
  return padTo(pic, box.width, box.height, box.at, 0);
}
