// torch.nn.utils.clip_grad_norm_ on the CPU: the total L2 norm of all the gradients as one
// vector (each tensor's norm, then the norm of those, as PyTorch stacks them), and the factor
// κ = min(1, c / (N + 1e-6)) the update multiplies every gradient by. The gradients themselves
// are left as they are: the updates read g · κ (what torch's grad.mul_(κ) leaves behind).
// Twin: shaders/optim/clip.wgsl.

import { clipCoefficient } from '../../core/train/optim';

/** ‖(g₁, g₂, …)‖₂, each tensor's norm rounded to float32 as torch.norm returns it. */
export function gradNorm(grads: readonly Float32Array[]): number {
  let total = 0;
  for (const g of grads) {
    let s = 0;
    for (let i = 0; i < g.length; i++) s += g[i] * g[i];
    const norm = Math.fround(Math.sqrt(s));
    total += norm * norm;
  }
  return Math.fround(Math.sqrt(total));
}

export interface Clip {
  /** N: the total gradient norm before clipping. */
  readonly norm: number;
  /** κ: the factor every gradient is multiplied by (1 when N ≤ c − 1e-6). */
  readonly scale: number;
}

export function clipGradNorm(grads: readonly Float32Array[], clipNorm: number): Clip {
  const norm = gradNorm(grads);
  return { norm, scale: clipCoefficient(norm, clipNorm) };
}
