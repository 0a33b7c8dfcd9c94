import { describe, expect, it } from 'vitest';
import { blur121, boxBlur, clip, roll } from './regularize';

describe('feature-visualization regularizers', () => {
  it('roll x=[1,2,3] by (1, −1): circular, and back again', () => {
    const x = [1, 2, 3, 4, 5, 6];
    const r = roll(x, 1, 2, 3, 1, -1);
    expect([...r]).toEqual([5, 6, 4, 2, 3, 1]);
    expect([...roll(r, 1, 2, 3, -1, 1)]).toEqual(x);
  });

  it('blur121 of a centred delta on 3×3 is the [1,2,1]ᵀ[1,2,1]/16 kernel', () => {
    const d = new Float32Array(9);
    d[4] = 16;
    expect([...blur121(d, 1, 3, 3)]).toEqual([1, 2, 1, 2, 4, 2, 1, 2, 1]);
  });

  it('box blur r=1 at a corner averages its 4 neighbours', () => {
    const b = boxBlur([1, 2, 3, 4, 5, 6, 7, 8, 9], 1, 3, 3, 1);
    expect(b[0]).toBe((1 + 2 + 4 + 5) / 4);
    expect(b[4]).toBe(5);
  });

  it('clip', () => {
    expect([...clip(Float32Array.from([-1, 0.5, 2]), 0, 1)]).toEqual([0, 0.5, 1]);
  });
});
