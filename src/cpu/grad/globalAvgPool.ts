// globalAvgPool backward: every cell of a channel plane receives that channel's output gradient
// divided by the plane's H × W. GPU twin: shaders/grad/globalAvgPool.wgsl.

import type { Shape } from '../../core/shape';
import { numel, type Tensor } from '../../core/tensor';
import { OpError, checkTensor, shapeText } from '../opError';

/** dy: [N, C, 1, 1] (or [N, C]) → dx: [N, C, H, W] = xShape. */
export function globalAvgPoolBackward(dy: Tensor, xShape: Shape): Tensor {
  checkTensor('global average pooling gradient', dy);
  if (xShape.length !== 4 || numel(dy.shape) !== xShape[0] * xShape[1]) {
    throw new OpError(
      `global average pooling gradient ${shapeText(dy.shape)} does not fit the input ${shapeText(xShape)}`,
      'mismatch',
    );
  }
  const plane = xShape[2] * xShape[3];
  const dx = new Float32Array(numel(xShape));
  for (let p = 0; p < dy.data.length; p++) dx.fill(dy.data[p] / plane, p * plane, (p + 1) * plane);
  return { shape: [...xShape], data: dx };
}
