// Normalization of a picture in [0, 1] to what a network was trained on: x' = (x − mean) / std.
//   none:     values stay in [0, 1] (this project's trained models expect that);
//   mnist:    mean 0.1307, std 0.3081 on every channel (torchvision's MNIST example);
//   imagenet: mean (0.485, 0.456, 0.406), std (0.229, 0.224, 0.225) for R, G, B (torchvision);
//             a gray channel takes the averages, mean 0.449 and std 0.226; other channel counts
//             repeat R, G, B as the colour step does.

import { picture, type Picture } from './picture';

export type Normalization = 'none' | 'mnist' | 'imagenet';

export const NORMALIZATIONS: Readonly<
  Record<Normalization, { readonly mean: readonly number[]; readonly std: readonly number[] }>
> = {
  none: { mean: [0], std: [1] },
  mnist: { mean: [0.1307], std: [0.3081] },
  imagenet: { mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] },
};

const GRAY_IMAGENET = { mean: 0.449, std: 0.226 };

/** Mean and std used for channel `c` of a `channels`-channel picture. */
export function channelStats(
  norm: Normalization,
  c: number,
  channels: number,
): { mean: number; std: number } {
  if (norm === 'imagenet' && channels === 1) return GRAY_IMAGENET;
  const { mean, std } = NORMALIZATIONS[norm];
  return { mean: mean[c % mean.length], std: std[c % std.length] };
}

export function normalize(pic: Picture, norm: Normalization): Picture {
  if (norm === 'none') return pic;
  const plane = pic.width * pic.height;
  const out = picture(pic.width, pic.height, pic.channels);
  for (let c = 0; c < pic.channels; c++) {
    const { mean, std } = channelStats(norm, c, pic.channels);
    for (let i = c * plane; i < (c + 1) * plane; i++) out.data[i] = (pic.data[i] - mean) / std;
  }
  return out;
}
