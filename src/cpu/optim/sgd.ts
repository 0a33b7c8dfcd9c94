// torch.optim.SGD's update of one float32 parameter tensor in place (PyTorch 1.13,
// _single_tensor_sgd): every operation rounded to float32 in torch's order. Maths and notation:
// src/core/train/optim.ts. Twin: shaders/optim/sgd.wgsl.

import type { SgdScalars } from '../../core/train/optim';
import { checkLengths, type ParamState } from './state';

const f = Math.fround;

/**
 * p ← p − η d with d from the gradient (times `scale` when clipping: torch's grad.mul_(κ)),
 * coupled weight decay and momentum; state.momentum is created on the first step (b = d there,
 * torch's clone). The caller advances state.step before computing `h` (sgdScalars).
 */
export function sgdUpdate(
  param: Float32Array,
  grad: Float32Array,
  state: ParamState,
  h: SgdScalars,
  scale?: number,
): void {
  checkLengths('sgd', param, grad);
  const n = param.length;
  const lr = f(h.lr);
  const wd = f(h.weightDecay);
  const mu = f(h.momentum);
  const keep = f(h.keep);
  const clip = scale === undefined ? null : f(scale);
  let buf: Float32Array | null = null;
  if (h.momentum !== 0) {
    if (h.first || !state.momentum) {
      if (!h.first) throw new RangeError('sgd: no momentum buffer after the first step');
      state.momentum = new Float32Array(n);
    }
    buf = state.momentum;
  }
  for (let i = 0; i < n; i++) {
    let d = clip === null ? grad[i] : f(grad[i] * clip);
    if (h.weightDecay !== 0) d = f(d + wd * param[i]); // d_p.add(param, alpha=λ)
    if (buf) {
      const b = h.first ? d : f(f(buf[i] * mu) + keep * d); // buf.mul_(μ).add_(d_p, alpha=1−τ)
      buf[i] = b;
      d = h.nesterov ? f(d + mu * b) : b;
    }
    param[i] = f(param[i] - lr * d); // param.add_(d_p, alpha=−η)
  }
}
