// From an RGB picture to the network's channels, as core/imageTensor.ts does for the samples:
// 1 channel is the ITU-R BT.601 luma 0.299 R + 0.587 G + 0.114 B, 3 channels are R, G, B, and any
// other count repeats R, G, B in turn.

import { picture, type Picture } from './picture';

export const LUMA = [0.299, 0.587, 0.114] as const;

/** The luma of an RGB picture (a gray picture is returned as it is). */
export function grayscale(pic: Picture): Picture {
  if (pic.channels === 1) return pic;
  const plane = pic.width * pic.height;
  const out = picture(pic.width, pic.height, 1);
  for (let i = 0; i < plane; i++)
    out.data[i] =
      LUMA[0] * pic.data[i] + LUMA[1] * pic.data[plane + i] + LUMA[2] * pic.data[2 * plane + i];
  return out;
}

/** The picture with `channels` channels: luma for 1; R, G, B (repeating) otherwise. */
export function toChannels(pic: Picture, channels: number): Picture {
  if (channels === 1) return grayscale(pic);
  if (pic.channels === channels) return pic;
  const plane = pic.width * pic.height;
  const out = picture(pic.width, pic.height, channels);
  for (let c = 0; c < channels; c++) {
    const from = (c % pic.channels) * plane;
    out.data.set(pic.data.subarray(from, from + plane), c * plane);
  }
  return out;
}
