// Turns RGBA pixels into a network input: values in [0, 1], grayscale (ITU-R BT.601 luma) for a
// 1-channel input, RGB for 3, and for other counts channel k repeats R, G, B in turn.

import type { Tensor } from './tensor';

export function rgbaToTensor(
  rgba: ArrayLike<number>,
  width: number,
  height: number,
  channels: number,
  batch = 1,
): Tensor {
  const plane = width * height;
  if (rgba.length !== plane * 4)
    throw new RangeError(`expected ${plane * 4} RGBA bytes, got ${rgba.length}`);
  const data = new Float32Array(batch * channels * plane);
  for (let c = 0; c < channels; c++) {
    for (let i = 0; i < plane; i++) {
      const r = rgba[i * 4];
      const g = rgba[i * 4 + 1];
      const b = rgba[i * 4 + 2];
      const v = channels === 1 ? 0.299 * r + 0.587 * g + 0.114 * b : [r, g, b][c % 3];
      data[c * plane + i] = v / 255;
    }
  }
  // Every sample of the batch sees the same image.
  for (let n = 1; n < batch; n++) data.copyWithin(n * channels * plane, 0, channels * plane);
  return { shape: [batch, channels, height, width], data };
}
