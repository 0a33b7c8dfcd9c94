// GoogLeNet (Inception v1) — reference: torchvision.models.googlenet (torchvision 0.20) with
// aux_logits=False, as it is built for the pretrained weights. Szegedy et al., "Going Deeper
// with Convolutions" (CVPR 2015), ported from TensorFlow with batch norm added:
//
// - BasicConv2d = conv (bias=False) → BatchNorm2d(eps=0.001) → ReLU.
// - Every max pool uses ceil_mode=True (e.g. 112 → 56, where floor mode would give 55).
// - Known torchvision quirk (pytorch/vision#906): the "5×5" branch of each Inception module uses
//   a 3×3 kernel with padding 1, kept for compatibility with the pretrained weights. We follow
//   torchvision, so the parameter count matches it (6,624,904), not the paper's ~6.8 M.
// - The two auxiliary classifiers exist only during training (aux_logits=False): omitted.
// - transform_input (pretrained) rescales the input channels without parameters: omitted.
// - Dropout(0.2) before fc is the identity at inference: omitted.
// - AdaptiveAvgPool2d((1, 1)) = globalAvgPool followed by flatten.
// - torchvision returns logits; the final softmax turns them into class probabilities.

import type { Layer } from '../layers';
import { concat, convBnAct, fc, flatten, globalAvgPool, lastId, maxPool, softmax } from './blocks';
import type { Preset } from './preset';

const EPS = 0.001;

/** BasicConv2d: ids `${p}.conv`, `${p}.bn`, `${p}.relu`. */
const basic = (
  p: string,
  out: number,
  k: number,
  o: { stride?: number; padding?: number; inputs?: string[]; name?: string } = {},
) => convBnAct({ conv: `${p}.conv`, bn: `${p}.bn`, act: `${p}.relu` }, out, k, { eps: EPS, ...o });

/**
 * An Inception module reading `from`; its output is the concat whose id is the module's name,
 * so e.g. 'inception3a' is the 256×28×28 output of module 3a.
 */
function inception(
  id: string,
  from: string,
  [ch1x1, ch3x3red, ch3x3, ch5x5red, ch5x5, poolProj]: readonly number[],
): Layer[] {
  const b1 = basic(`${id}.b1`, ch1x1, 1, { inputs: [from] });
  const b2 = [
    ...basic(`${id}.b2.reduce`, ch3x3red, 1, { inputs: [from] }),
    ...basic(`${id}.b2`, ch3x3, 3, { padding: 1 }),
  ];
  const b3 = [
    ...basic(`${id}.b3.reduce`, ch5x5red, 1, { inputs: [from] }),
    // torchvision's "5×5" branch: really a 3×3 kernel, padding 1 (pytorch/vision#906).
    ...basic(`${id}.b3`, ch5x5, 3, {
      padding: 1,
      name: `${id}.b3.conv ("5×5": 3×3 in torchvision)`,
    }),
  ];
  const b4 = [
    maxPool(`${id}.b4.pool`, 3, { stride: 1, padding: 1, ceilMode: true, inputs: [from] }),
    ...basic(`${id}.b4`, poolProj, 1),
  ];
  return [...b1, ...b2, ...b3, ...b4, concat(id, [b1, b2, b3, b4].map(lastId))];
}

function body(): Layer[] {
  const layers: Layer[] = [
    ...basic('conv1', 64, 7, { stride: 2, padding: 3 }),
    maxPool('maxpool1', 3, { stride: 2, ceilMode: true }),
    ...basic('conv2', 64, 1),
    ...basic('conv3', 192, 3, { padding: 1 }),
    maxPool('maxpool2', 3, { stride: 2, ceilMode: true }),
  ];
  // Arguments as in torchvision's Inception(in_channels, ch1x1, ch3x3red, ch3x3, ch5x5red,
  // ch5x5, pool_proj), minus in_channels, which shape inference supplies.
  const module = (id: string, ...channels: number[]) =>
    layers.push(...inception(id, lastId(layers), channels));
  module('inception3a', 64, 96, 128, 16, 32, 32);
  module('inception3b', 128, 128, 192, 32, 96, 64);
  layers.push(maxPool('maxpool3', 3, { stride: 2, ceilMode: true }));
  module('inception4a', 192, 96, 208, 16, 48, 64);
  module('inception4b', 160, 112, 224, 24, 64, 64);
  module('inception4c', 128, 128, 256, 24, 64, 64);
  module('inception4d', 112, 144, 288, 32, 64, 64);
  module('inception4e', 256, 160, 320, 32, 128, 128);
  layers.push(maxPool('maxpool4', 2, { stride: 2, ceilMode: true }));
  module('inception5a', 256, 160, 320, 32, 128, 128);
  module('inception5b', 384, 192, 384, 48, 128, 128);
  return layers;
}

export const googlenet: Preset = {
  id: 'googlenet',
  title: 'GoogLeNet (Inception v1)',
  description:
    'The 2014 ImageNet winner: nine Inception modules each run 1×1, 3×3 and "5×5" convolutions ' +
    'and a max pool side by side and concatenate the results, with cheap 1×1 convs shrinking the channels first.',
  reference: 'torchvision.models.googlenet (torchvision 0.20), aux_logits=False',
  referenceParams: 6_624_904,
  group: 'classic',
  network: {
    input: { n: 1, c: 3, h: 224, w: 224 },
    layers: [
      ...body(),
      globalAvgPool('avgpool'),
      flatten(),
      // Dropout(0.2): identity at inference, omitted.
      fc('fc', 1000),
      softmax(),
    ],
  },
};
