// MobileNet v1 — reference: keras.applications.MobileNet (Keras 3; alpha=1.0,
// depth_multiplier=1, 224×224, include_top=True), Howard et al., "MobileNets: Efficient
// Convolutional Neural Networks for Mobile Vision Applications" (2017). Not in torchvision.
//
// - Every conv has use_bias=False and is followed by BatchNormalization (Keras eps 1e-3) and
//   ReLU(6.0); only the classifier conv has a bias.
// - Keras pads a stride-2 depthwise conv with ZeroPadding2D(((0, 1), (0, 1))) then 'valid';
//   on the even sizes here that is exactly TF-style 'same' (0 before, 1 after), so every conv
//   uses padding 'same': 224 → 112 → 56 → 28 → 14 → 7.
// - Keras counts BN's moving mean/variance as non-trainable weights (4,253,864 total with
//   them); here they are buffers (21,888), and the learnable parameters are 4,231,976.
// - Dropout(1e-3) before the classifier is the identity at inference: omitted.
// - Ids are Keras's layer names (conv_dw_3_bn, …); Reshape((1000,)) is our flatten.

import type { Layer } from '../layers';
import { conv, convBnAct, flatten, globalAvgPool, softmax } from './blocks';
import type { Preset } from './preset';

const EPS = 1e-3;

/** Pointwise channels and depthwise stride of the 13 depthwise-separable blocks. */
const BLOCKS: readonly (readonly [number, number])[] = [
  [64, 1],
  [128, 2],
  [128, 1],
  [256, 2],
  [256, 1],
  [512, 2],
  [512, 1],
  [512, 1],
  [512, 1],
  [512, 1],
  [512, 1],
  [1024, 2],
  [1024, 1],
];

/** Keras's _depthwise_conv_block: depthwise 3×3 → BN → ReLU6 → pointwise 1×1 → BN → ReLU6. */
function separable(id: number, inChannels: number, outChannels: number, stride: number): Layer[] {
  const dw = `conv_dw_${id}`;
  const pw = `conv_pw_${id}`;
  return [
    ...convBnAct({ conv: dw, bn: `${dw}_bn`, act: `${dw}_relu` }, inChannels, 3, {
      stride,
      padding: 'same',
      groups: inChannels,
      eps: EPS,
      act: 'relu6',
    }),
    ...convBnAct({ conv: pw, bn: `${pw}_bn`, act: `${pw}_relu` }, outChannels, 1, {
      eps: EPS,
      act: 'relu6',
    }),
  ];
}

const layers: Layer[] = [
  ...convBnAct({ conv: 'conv1', bn: 'conv1_bn', act: 'conv1_relu' }, 32, 3, {
    stride: 2,
    padding: 'same',
    eps: EPS,
    act: 'relu6',
  }),
  ...BLOCKS.flatMap(([out, stride], i) =>
    separable(i + 1, i === 0 ? 32 : BLOCKS[i - 1][0], out, stride),
  ),
  globalAvgPool('global_average_pooling2d'),
  // Dropout(1e-3): identity at inference, omitted.
  conv('conv_preds', 1000, 1, { name: 'conv_preds (1×1 conv as classifier)' }),
  flatten('reshape_2'),
  softmax('predictions'),
];

export const mobilenetV1: Preset = {
  id: 'mobilenet_v1',
  title: 'MobileNet v1',
  description:
    'Built for phones: each 3×3 convolution is split into a depthwise 3×3 (one filter per channel) ' +
    'and a pointwise 1×1 that mixes channels, nearly matching the ImageNet accuracy of VGG-16 with 1/32 of its parameters.',
  reference: 'keras.applications.MobileNet (Keras 3, alpha=1.0, 224×224)',
  referenceParams: 4_231_976,
  group: 'classic',
  network: { input: { n: 1, c: 3, h: 224, w: 224 }, layers },
};
