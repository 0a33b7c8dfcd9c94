// A dataset example as the network's input: its channels first (luma for a gray network, the gray
// value repeated for a colour one, as core/preprocess/color.ts), then its size: a larger input
// with an even margin on each axis gets the example centred in zeros — MNIST's 28×28 in LeNet-5's
// 32×32, as LeCun et al. 1998 did — anything else is resized (area averaging to shrink, bilinear
// to enlarge). Each example of the batch is the same picture.

import type { InputSpec } from '../layers';
import { toChannels } from '../preprocess/color';
import type { Picture } from '../preprocess/picture';
import { resize } from '../preprocess/resize';
import type { Tensor } from '../tensor';

function centred(pic: Picture, w: number, h: number): Picture | null {
  const dx = w - pic.width;
  const dy = h - pic.height;
  if (dx < 0 || dy < 0 || dx % 2 !== 0 || dy % 2 !== 0) return null;
  const out = new Float32Array(pic.channels * w * h);
  for (let c = 0; c < pic.channels; c++)
    for (let y = 0; y < pic.height; y++) {
      const from = (c * pic.height + y) * pic.width;
      out.set(pic.data.subarray(from, from + pic.width), (c * h + y + dy / 2) * w + dx / 2);
    }
  return { width: w, height: h, channels: pic.channels, data: out };
}

export function fitExample(pic: Picture, spec: InputSpec): Tensor {
  const colour = toChannels(pic, spec.c);
  const sized = centred(colour, spec.w, spec.h) ?? resize(colour, spec.w, spec.h);
  const per = spec.c * spec.h * spec.w;
  const data = new Float32Array(spec.n * per);
  for (let i = 0; i < spec.n; i++) data.set(sized.data.subarray(0, per), i * per);
  return { shape: [spec.n, spec.c, spec.h, spec.w], data };
}
