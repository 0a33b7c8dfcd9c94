// Teaching examples — reference: the lecture's worked examples (Stanford CS231n-style conv
// arithmetic: output size (W − F + 2P) / S + 1, receptive fields, pooling). Small networks whose
// numbers a student can check by hand; where the lecture fixes the numbers, `input` and
// `weights` fix them here too (NCHW flattened, conv weights [C_out, C_in/G, K_h, K_w]).

import type { Network } from '../layers';
import { conv, maxPool } from './blocks';
import type { Preset } from './preset';

const teaching = (p: Omit<Preset, 'group'>): Preset => ({ ...p, group: 'teaching' });

const single = (c: number, h: number, w: number, layers: Network['layers']): Network => ({
  input: { n: 1, c, h, w },
  layers,
});

export const teachTwo3x3 = teaching({
  id: 'teach_two_3x3',
  title: 'Two stacked 3×3 convs',
  description:
    'Two 3×3 convolutions in a row on a 7×7 image: each output of the second layer depends on a ' +
    '5×5 patch of the input, the receptive field of one 5×5 conv with fewer weights.',
  reference: 'Receptive field of stacked 3×3 convolutions (Simonyan & Zisserman 2015, §2.3)',
  network: single(1, 7, 7, [conv('conv1', 1, 3), conv('conv2', 1, 3)]),
});

export const teachConv32Pad2 = teaching({
  id: 'teach_conv32_pad2',
  title: 'Ten 5×5 filters with padding 2',
  description:
    'A 32×32×3 image, ten 5×5 filters, stride 1, padding 2: (32 + 2·2 − 5) / 1 + 1 = 32, so the ' +
    'output is 10×32×32; each filter has 5·5·3 + 1 = 76 parameters, 760 in all.',
  reference: 'CS231n conv-layer exercise: 32×32×3 input, ten 5×5 filters, stride 1, pad 2',
  network: single(3, 32, 32, [conv('conv', 10, 5, { padding: 2 })]),
});

const stride7x7 = (stride: 1 | 2 | 3, note: string) =>
  teaching({
    id: `teach_7x7_s${stride}`,
    title: `7×7 input, 3×3 filter, stride ${stride}`,
    description: `One 3×3 filter slides over a 7×7 image with stride ${stride}: (7 − 3) / ${stride} + 1 ${note}.`,
    reference: 'CS231n spatial-arrangement example: 7×7 input, 3×3 filter, strides 1, 2, 3',
    network: single(1, 7, 7, [conv('conv', 1, 3, { stride })]),
  });

export const teach7x7S1 = stride7x7(1, '= 5, a 5×5 output');
export const teach7x7S2 = stride7x7(2, '= 3, a 3×3 output');
export const teach7x7S3 = stride7x7(
  3,
  '= 2.33 is not a whole number: the stride does not fit, the output is floored to 2×2 and the last input column and row are never seen',
);

/** The 5×5 binary image and the "X" kernel of the classic convolution exercise. */
const EXERCISE_IMAGE = [
  [1, 1, 1, 0, 0],
  [0, 1, 1, 1, 0],
  [0, 0, 1, 1, 1],
  [0, 0, 1, 1, 0],
  [0, 1, 1, 0, 0],
];
const EXERCISE_KERNEL = [
  [1, 0, 1],
  [0, 1, 0],
  [1, 0, 1],
];

export const teach5x5Exercise = teaching({
  id: 'teach_5x5_exercise',
  title: 'Convolve a 5×5 image by hand',
  description:
    'A 5×5 binary image and a 3×3 kernel with 1s on its corners and centre, no bias: multiply ' +
    'and sum each 3×3 patch; the top-left output is 1 + 1 + 1 + 0 + 1 = 4, the full output is 3×3.',
  reference: 'The classic 5×5 image ⊛ 3×3 kernel exercise (e.g. the UFLDL convolution animation)',
  network: single(1, 5, 5, [conv('conv', 1, 3, { bias: false })]),
  input: EXERCISE_IMAGE.flat(),
  weights: { conv: { weight: EXERCISE_KERNEL.flat() } },
});

export const teachMaxpool4x4 = teaching({
  id: 'teach_maxpool_4x4',
  title: '2×2 max pooling on a 4×4 input',
  description:
    'Max pooling with a 2×2 window and stride 2 keeps the largest value of each non-overlapping ' +
    'block: the 4×4 input becomes [[6, 8], [3, 4]], a quarter of the values and no parameters.',
  reference: 'CS231n pooling example: 4×4 single depth slice, 2×2 max pool, stride 2',
  network: single(1, 4, 4, [maxPool('pool', 2, { stride: 2 })]),
  input: [1, 1, 2, 4, 5, 6, 7, 8, 3, 2, 1, 0, 1, 2, 3, 4],
});

export const teachDilation = teaching({
  id: 'teach_dilation',
  title: 'Dilated 3×3 convs: 1, 2, 4',
  description:
    'Three 3×3 convolutions with dilation 1, 2 and 4 (padding equal to the dilation keeps 32×32): ' +
    'the receptive field grows 3 → 7 → 15 with only 9 weights per layer.',
  reference: 'Yu & Koltun, "Multi-Scale Context Aggregation by Dilated Convolutions" (ICLR 2016)',
  network: single(1, 32, 32, [
    conv('conv1', 1, 3, { dilation: 1, padding: 1 }),
    conv('conv2', 1, 3, { dilation: 2, padding: 2 }),
    conv('conv3', 1, 3, { dilation: 4, padding: 4 }),
  ]),
});

export const TEACHING: readonly Preset[] = [
  teachTwo3x3,
  teachConv32Pad2,
  teach7x7S1,
  teach7x7S2,
  teach7x7S3,
  teach5x5Exercise,
  teachMaxpool4x4,
  teachDilation,
];
