import { describe, expect, it } from 'vitest';
import { colorScale, imagePixels } from './colormap';
import { fmtBytes, fmtInt, fmtValue } from './format';

describe('format', () => {
  it('thousands separators and a true minus', () => {
    expect(fmtInt(138357544)).toBe('138,357,544');
    expect(fmtValue(-0.5)).toBe('\u22120.5');
    expect(fmtValue(4)).toBe('4');
    expect(fmtBytes(200704)).toBe('196.0 KiB');
  });
  it('signed data → diverging scale centred on 0; non-negative → sequential', () => {
    const d = colorScale(-1, 3);
    expect(d.kind).toBe('diverging');
    expect([d.min, d.max]).toEqual([-3, 3]);
    expect(colorScale(0, 5).kind).toBe('sequential');
    // 0 sits in the middle of a diverging scale: near white.
    const [r, g, b] = d.rgb(0);
    expect(Math.min(r, g, b)).toBeGreaterThan(200);
  });

  it('image pixels: [0,1] images map to 0..255; other ranges are stretched, not saturated', () => {
    expect([...imagePixels([0, 0.5, 1], 1, 1, 3)].filter((_, i) => i % 4 === 0)).toEqual([
      0, 128, 255,
    ]);
    expect([...imagePixels([0, 4, 8], 1, 1, 3)].filter((_, i) => i % 4 === 0)).toEqual([
      0, 128, 255,
    ]);
  });
});
