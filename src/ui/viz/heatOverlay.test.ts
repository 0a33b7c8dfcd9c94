import { describe, expect, it } from 'vitest';
import { heatMax, hottest, overlayPixels } from './heatOverlay';

describe('heat over the image', () => {
  // A 1×2×2 gray image: 0, 0.5, 1, 0.25.
  const image = Float32Array.from([0, 0.5, 1, 0.25]);
  it('opacity 0 or a heat with nothing positive leaves the image as it is', () => {
    const plain = overlayPixels(image, 1, 2, 2, [0, 0, 0, 0], 1);
    expect(Array.from(plain.filter((_, i) => i % 4 === 0))).toEqual([0, 128, 255, 64]);
    expect(overlayPixels(image, 1, 2, 2, [1, 2, 3, 4], 0)).toEqual(plain);
    expect(overlayPixels(image, 1, 2, 2, [-1, -2, 0, -4], 1)).toEqual(plain);
  });
  it('the hottest pixel at opacity 1 is the top of the scale; a cold one is unchanged', () => {
    const px = overlayPixels(image, 1, 2, 2, [0, 0, 0, 2], 1);
    // inferno(1) = #fcffa4
    expect(Array.from(px.slice(12, 15))).toEqual([252, 255, 164]);
    expect(Array.from(px.slice(0, 3))).toEqual([0, 0, 0]);
    expect(Array.from(px.slice(8, 11))).toEqual([255, 255, 255]);
  });
  it('half the heat at opacity 1 mixes half way (by hand: 255·0.5 + colour·0.5)', () => {
    const px = overlayPixels(image, 1, 2, 2, [0, 0, 1, 2], 1);
    const mid = [...px.slice(8, 11)];
    // inferno(0.625) ≈ rgb(225, 100, 50) ± a few; half way from white
    expect(mid[0]).toBeGreaterThan(235);
    expect(mid[2]).toBeLessThan(170);
  });
  it('a fixed scale: a drop of 0.001 out of 1 stays nearly invisible; above it saturates', () => {
    const faint = overlayPixels(image, 1, 2, 2, [0, 0, 0, 0.001], 1, 1);
    expect(Array.from(faint.slice(12, 15))).toEqual([64, 64, 64]);
    const full = overlayPixels(image, 1, 2, 2, [0, 0, 0, 5], 1, 1);
    expect(Array.from(full.slice(12, 15))).toEqual([252, 255, 164]);
  });
  it('heatMax and hottest', () => {
    expect(heatMax([-3, 1, 0.5])).toBe(1);
    expect(hottest([0, 0, 0, 0, 0, 9], 3)).toEqual({ y: 1, x: 2 });
  });
});
