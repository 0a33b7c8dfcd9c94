import { describe, expect, it } from 'vitest';
import { argmax, gradCamCombine, upsampleBilinear } from './gradCam';

describe('Grad-CAM arithmetic, hand-worked', () => {
  it('A=[2,2,2]: α = pooled gradients, cam = ReLU(Σ α_k A_k)', () => {
    // Channel 0: A = [1, 2, 3, 4], ∂y/∂A = [1, 1, 1, 1] → α0 = 1.
    // Channel 1: A = [4, 0, 0, 8], ∂y/∂A = [−2, 0, 0, 0] → α1 = −0.5.
    // Σ α_k A_k = [1 − 2, 2, 3, 4 − 4] = [−1, 2, 3, 0] → ReLU [0, 2, 3, 0].
    const r = gradCamCombine([1, 2, 3, 4, 4, 0, 0, 8], [1, 1, 1, 1, -2, 0, 0, 0], 2, 2, 2);
    expect([...r.weights]).toEqual([1, -0.5]);
    expect([...r.cam]).toEqual([0, 2, 3, 0]);
  });

  it('2×2 → 4×4 bilinear as F.interpolate(align_corners=False)', () => {
    // torch.nn.functional.interpolate(torch.tensor([[[[0., 1], [2, 3]]]]), size=(4, 4),
    // mode='bilinear', align_corners=False)
    const up = upsampleBilinear([0, 1, 2, 3], 2, 2, 4, 4);
    expect([...up]).toEqual([
      0, 0.25, 0.75, 1, 0.5, 0.75, 1.25, 1.5, 1.5, 1.75, 2.25, 2.5, 2, 2.25, 2.75, 3,
    ]);
  });

  it('13×13 → 64×64 keeps a single peak near its scaled position', () => {
    const m = new Float32Array(169);
    m[6 * 13 + 3] = 1;
    const up = upsampleBilinear(m, 13, 13, 64, 64);
    const p = argmax(up);
    expect(Math.abs(Math.floor(p / 64) - (6.5 * 64) / 13)).toBeLessThan(2);
    expect(Math.abs((p % 64) - (3.5 * 64) / 13)).toBeLessThan(2);
  });
});
