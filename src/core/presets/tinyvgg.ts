// Tiny VGG — reference: the model of CNN Explainer (Z. J. Wang et al., "CNN Explainer: Learning
// Convolutional Neural Networks with Interactive Visualization", IEEE VIS 2020;
// github.com/poloclub/cnn-explainer), trained on 10 classes of Tiny ImageNet at 64×64.
// All convs are 3×3 with 10 filters, stride 1 and no padding ('valid'), as in CNN Explainer.

import { act, conv, fc, flatten, maxPool, softmax } from './blocks';
import type { Preset } from './preset';

export const tinyvgg: Preset = {
  id: 'tinyvgg',
  title: 'Tiny VGG (CNN Explainer)',
  description:
    'The small VGG-style network from CNN Explainer: two blocks of two 3×3 convolutions and a ' +
    'max pool shrink a 64×64 colour image to 10×13×13, and one dense layer scores 10 classes.',
  reference: 'CNN Explainer Tiny VGG (Wang et al., IEEE VIS 2020; poloclub/cnn-explainer)',
  referenceParams: 19_920,
  group: 'classic',
  network: {
    input: { n: 1, c: 3, h: 64, w: 64 },
    layers: [
      conv('conv_1_1', 10, 3),
      act('relu_1_1', 'relu'),
      conv('conv_1_2', 10, 3),
      act('relu_1_2', 'relu'),
      maxPool('max_pool_1', 2),
      conv('conv_2_1', 10, 3),
      act('relu_2_1', 'relu'),
      conv('conv_2_2', 10, 3),
      act('relu_2_2', 'relu'),
      maxPool('max_pool_2', 2),
      flatten(),
      fc('output', 10),
      softmax(),
    ],
  },
};
