import { describe, expect, it } from 'vitest';
import { FeatureAscent, featureVisFrames } from './featureVis';

describe('feature-visualization ascent', () => {
  const target = { kind: 'class' as const, cls: 0 };
  it('x=[1,4,4]: ascending f = x[0,0] alone drives that pixel to the top of the range', async () => {
    const a = new FeatureAscent(1, 4, 4, { target, jitter: 0, blurEvery: 0, decay: 0, lr: 0.1 });
    const oracle = async (x: Float32Array) => {
      const grad = new Float32Array(16);
      grad[0] = 1;
      return { objective: x[0], grad };
    };
    const frames = [];
    for await (const f of featureVisFrames(a, oracle, 10, 4)) frames.push(f);
    expect(frames.map((f) => f.step)).toEqual([4, 8, 10]);
    const img = a.image();
    // Normalized step: η / mean|g| = 0.1 · 16 per step: clipped at 1 after one step.
    expect(img[0]).toBe(1);
    expect(Math.max(...img.slice(1))).toBeLessThan(0.7);
  });
  it('jitter: the gradient is shifted back before the step', async () => {
    const a = new FeatureAscent(1, 5, 5, { target, jitter: 2, blurEvery: 0, decay: 0, seed: 4 });
    const before = a.image();
    // The objective is the jittered image's pixel where the original (2,2) landed.
    const x = a.input();
    const at = x.findIndex((v) => v === before[12]);
    const grad = new Float32Array(25);
    grad[at] = 1;
    a.update(grad);
    const after = a.image();
    expect(after[12]).toBeGreaterThan(before[12]);
    for (let i = 0; i < 25; i++) if (i !== 12) expect(after[i]).toBeCloseTo(before[i], 6);
  });
});
