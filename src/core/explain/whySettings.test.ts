import { describe, expect, it } from 'vitest';
import { occlusionGrid } from './occlusion';
import {
  DEFAULT_WHY,
  defaultPatch,
  featureTarget,
  occlusionGeometry,
  whyRefusal,
} from './whySettings';

describe('the Why panel settings', () => {
  it('LeNet 32×32: a 7-pixel patch, stride 3, and a grid that covers every pixel', () => {
    const g = occlusionGeometry(DEFAULT_WHY, 32, 32);
    expect(g).toEqual({ patch: 7, stride: 3 });
    // starts 0, 3, …, 24 and one flush at 25: 10 per side
    expect(occlusionGrid(32, 32, g.patch, g.stride).rows).toBe(10);
  });
  it('Tiny VGG 64×64: a 14-pixel patch, stride 7; a 3×3 input still gets a 1-pixel patch', () => {
    expect(occlusionGeometry(DEFAULT_WHY, 64, 64)).toEqual({ patch: 14, stride: 7 });
    expect(defaultPatch(3, 3)).toBe(1);
    expect(occlusionGeometry({ ...DEFAULT_WHY, patch: 40 }, 32, 32).patch).toBe(32);
  });
  it('refuses values out of bounds in words, and accepts the bounds themselves', () => {
    expect(whyRefusal({ patch: 33 }, 32, 32)).toMatch(/1 … 32 pixels on this 32×32 input, not 33/);
    expect(whyRefusal({ patch: 32, stride: 64, samples: 64, steps: 500 }, 32, 32)).toBeNull();
    expect(whyRefusal({ samples: 1 }, 32, 32)).toMatch(/2 … 64 noisy copies/);
    expect(whyRefusal({ steps: 2.5 }, 32, 32)).toMatch(/not 2.5/);
    expect(whyRefusal({ opacity: 1.5 }, 32, 32)).toMatch(/0 … 1/);
    expect(whyRefusal({ cls: -1 }, 32, 32)).toMatch(/no class -1/);
  });
  it('feature visualization targets the class unless a channel is chosen', () => {
    expect(featureTarget(DEFAULT_WHY, 7)).toEqual({ kind: 'class', cls: 7 });
    expect(featureTarget({ ...DEFAULT_WHY, channel: { layer: 'c3', channel: 2 } }, 7)).toEqual({
      kind: 'channel',
      layer: 'c3',
      channel: 2,
    });
  });
});
