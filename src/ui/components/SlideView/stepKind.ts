// Which step-by-step view a layer has. One table, so the view on screen, the message while its
// numbers are computed and the list of layers that have one cannot disagree.

import type { OkShape } from '../../../core/infer';

export type StepKind = 'conv' | 'pool' | 'activation' | 'norm' | 'flatten' | 'linear' | 'gap';

/** The step view of a computable layer, or null (softmax, add, concat; a rank it cannot draw). */
export function stepKindOf(ls: OkShape): StepKind | null {
  // Views that draw the input as C×H×W maps need a rank-4 input.
  const maps = ls.inputShapes[0]?.length === 4;
  switch (ls.layer.kind) {
    case 'conv2d':
      return ls.window ? 'conv' : null;
    case 'maxPool2d':
    case 'avgPool2d':
      return ls.window ? 'pool' : null;
    case 'activation':
      return maps ? 'activation' : null;
    case 'batchNorm':
    case 'layerNorm':
      return maps ? 'norm' : null;
    case 'flatten':
      return maps ? 'flatten' : null;
    case 'globalAvgPool':
      return maps ? 'gap' : null;
    case 'linear':
      return 'linear';
    case 'softmax':
    case 'add':
    case 'concat':
    case 'dropout':
      return null;
  }
}

/** The layers that have a step view, in words, for the message when another is selected. */
export const STEP_LAYERS =
  'a convolution, pooling, global average pooling, activation, normalization, flatten or linear layer';
