// LeNet-5 — reference: Y. LeCun, L. Bottou, Y. Bengio, P. Haffner, "Gradient-based learning
// applied to document recognition", Proc. IEEE 1998, as in common modern reimplementations
// (e.g. the d2l.ai / PyTorch-tutorial variants with tanh and average pooling).
//
// Differences from the 1998 paper, all the usual ones:
// - C3 here is fully connected to all 6 maps of S2 (16·6·25 + 16 = 2,416 params). LeCun 1998
//   connects each C3 map to only a subset of S2 maps (Table I: 6 maps see 3 inputs, 9 see 4,
//   1 sees all 6), giving 1,516 params, to break symmetry and save computation.
// - S2/S4 in the paper are "subsampling" layers with a trainable coefficient and bias per map
//   (12 and 32 params); here they are plain 2×2 average pools without parameters.
// - The paper squashes with a scaled tanh, 1.7159·tanh(2x/3), and its output layer is a set of
//   Euclidean RBF units; here plain tanh and a linear layer followed by softmax.

import { act, avgPool, conv, fc, flatten, softmax } from './blocks';
import type { Preset } from './preset';

export const lenet5: Preset = {
  id: 'lenet5',
  title: 'LeNet-5',
  description:
    'The 1998 handwritten-digit network that started it all: two rounds of 5×5 convolution and ' +
    'average pooling turn a 32×32 image into 120 features, then two dense layers pick one of 10 digits.',
  reference: 'LeCun et al. 1998, with C3 fully connected as in common reimplementations',
  referenceParams: 61_706,
  group: 'classic',
  network: {
    input: { n: 1, c: 1, h: 32, w: 32 },
    layers: [
      conv('c1', 6, 5, { name: 'C1' }),
      act('tanh1', 'tanh'),
      avgPool('s2', 2, { name: 'S2' }),
      conv('c3', 16, 5, { name: 'C3' }),
      act('tanh2', 'tanh'),
      avgPool('s4', 2, { name: 'S4' }),
      conv('c5', 120, 5, { name: 'C5' }),
      act('tanh3', 'tanh'),
      flatten(),
      fc('f6', 84, true, { name: 'F6' }),
      act('tanh4', 'tanh'),
      fc('output', 10),
      softmax(),
    ],
  },
};
