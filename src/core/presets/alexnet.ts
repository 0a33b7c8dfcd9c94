// AlexNet — reference: torchvision.models.alexnet (torchvision 0.20), which follows the
// single-GPU variant of Krizhevsky's "One weird trick for parallelizing convolutional neural
// networks" (2014): 64 filters in conv1 rather than the 96 of the 2012 paper, and no local
// response normalisation. Layer ids use the customary conv1…conv5, fc6…fc8 names.
//
// - AdaptiveAvgPool2d((6, 6)) between features and classifier is the identity at 224×224
//   input (features already end at 256×6×6): omitted.
// - Dropout (before the first two linear layers) is the identity at inference: omitted.
// - torchvision returns logits; the final softmax turns them into class probabilities.

import { act, conv, flatten, imagenetClassifier, maxPool } from './blocks';
import type { Preset } from './preset';

export const alexnet: Preset = {
  id: 'alexnet',
  title: 'AlexNet',
  description:
    'The 2012 ImageNet winner that made deep CNNs mainstream: five convolutions, starting with ' +
    'a large 11×11 stride-4 one, then three huge dense layers that hold most of its 61 M parameters.',
  reference: 'torchvision.models.alexnet (torchvision 0.20)',
  referenceParams: 61_100_840,
  group: 'classic',
  network: {
    input: { n: 1, c: 3, h: 224, w: 224 },
    layers: [
      conv('conv1', 64, 11, { stride: 4, padding: 2 }),
      act('relu1', 'relu'),
      maxPool('pool1', 3, { stride: 2 }),
      conv('conv2', 192, 5, { padding: 2 }),
      act('relu2', 'relu'),
      maxPool('pool2', 3, { stride: 2 }),
      conv('conv3', 384, 3, { padding: 1 }),
      act('relu3', 'relu'),
      conv('conv4', 256, 3, { padding: 1 }),
      act('relu4', 'relu'),
      conv('conv5', 256, 3, { padding: 1 }),
      act('relu5', 'relu'),
      maxPool('pool5', 3, { stride: 2 }),
      // AdaptiveAvgPool2d((6, 6)): identity at 224×224, omitted.
      flatten(),
      ...imagenetClassifier(),
    ],
  },
};
