// torch.optim.Adam's and AdamW's update of one float32 parameter tensor in place (PyTorch 1.13,
// _single_tensor_adam / _single_tensor_adamw): every operation rounded to float32 in torch's
// order, including ε outside the square root and addcmul/addcdiv's evaluation order. Maths and
// notation: src/core/train/optim.ts. Twin: shaders/optim/adam.wgsl.

import type { AdamScalars } from '../../core/train/optim';
import { checkLengths, type ParamState } from './state';

const f = Math.fround;

/**
 * One Adam or AdamW step: the scalars say which (adamScalars puts Adam's λ in weightDecay and
 * AdamW's 1 − ηλ in decay, the other left neutral). The gradient is read times `scale` when
 * clipping. state.m and state.v are created (zero) on the first step; the caller advances
 * state.step before computing `h`.
 */
export function adamUpdate(
  param: Float32Array,
  grad: Float32Array,
  state: ParamState,
  h: AdamScalars,
  scale?: number,
): void {
  checkLengths('adam', param, grad);
  const n = param.length;
  if (h.first || !state.m || !state.v) {
    if (!h.first) throw new RangeError('adam: no moment buffers after the first step');
    state.m = new Float32Array(n);
    state.v = new Float32Array(n);
  }
  const { m, v } = state;
  const clip = scale === undefined ? null : f(scale);
  const wd = f(h.weightDecay);
  const decay = f(h.decay);
  const b1 = f(h.beta1);
  const b2 = f(h.beta2);
  const c1 = f(h.oneMinusBeta1);
  const c2 = f(h.oneMinusBeta2);
  const bc2 = f(h.bc2Sqrt);
  const eps = f(h.eps);
  const negStep = f(-h.stepSize);
  for (let i = 0; i < n; i++) {
    let g = clip === null ? grad[i] : f(grad[i] * clip);
    let p = param[i];
    if (h.weightDecay !== 0) g = f(g + wd * p); // Adam: grad.add(param, alpha=λ)
    if (h.decay !== 1) p = f(p * decay); // AdamW: param.mul_(1 − ηλ)
    const mi = f(f(m[i] * b1) + c1 * g); // exp_avg.mul_(β₁).add_(grad, alpha=1−β₁)
    const vi = f(f(v[i] * b2) + f(f(c2 * g) * g)); // exp_avg_sq.mul_(β₂).addcmul_(g, g, 1−β₂)
    m[i] = mi;
    v[i] = vi;
    const denom = f(f(f(Math.sqrt(vi)) / bc2) + eps); // (√v / √(1−β₂ᵗ)).add_(ε)
    param[i] = f(p + f(f(negStep * mi) / denom)); // param.addcdiv_(m, denom, value=−step)
  }
}
