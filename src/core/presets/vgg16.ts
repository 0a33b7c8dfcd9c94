// VGG-16 — reference: torchvision.models.vgg16 (torchvision 0.20), configuration "D" of
// K. Simonyan, A. Zisserman, "Very Deep Convolutional Networks for Large-Scale Image
// Recognition" (ICLR 2015), without batch norm. Layer ids follow the paper's block naming.
//
// - AdaptiveAvgPool2d((7, 7)) between features and classifier is the identity at 224×224
//   input (features already end at 512×7×7): omitted.
// - Dropout (after the first two linear layers) is the identity at inference: omitted.
// - torchvision returns logits; the final softmax turns them into class probabilities.

import type { Layer } from '../layers';
import { act, conv, flatten, imagenetClassifier, maxPool } from './blocks';
import type { Preset } from './preset';

/** Channels of each block's 3×3 convs (padding 1); every block ends in a 2×2 max pool. */
const BLOCKS: readonly (readonly number[])[] = [
  [64, 64],
  [128, 128],
  [256, 256, 256],
  [512, 512, 512],
  [512, 512, 512],
];

const features: Layer[] = BLOCKS.flatMap((channels, b) => [
  ...channels.flatMap((c, i) => [
    conv(`conv${b + 1}_${i + 1}`, c, 3, { padding: 1 }),
    act(`relu${b + 1}_${i + 1}`, 'relu'),
  ]),
  maxPool(`pool${b + 1}`, 2),
]);

export const vgg16: Preset = {
  id: 'vgg16',
  title: 'VGG-16',
  description:
    'Sixteen weight layers built from nothing but 3×3 convolutions and 2×2 max pools, doubling ' +
    'the channels each time the image halves; simple, deep, and heavy at 138 M parameters.',
  reference: 'torchvision.models.vgg16 (torchvision 0.20)',
  referenceParams: 138_357_544,
  group: 'classic',
  network: {
    input: { n: 1, c: 3, h: 224, w: 224 },
    layers: [
      ...features,
      // AdaptiveAvgPool2d((7, 7)): identity at 224×224, omitted.
      flatten(),
      ...imagenetClassifier(),
    ],
  },
};
