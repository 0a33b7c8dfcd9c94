import { describe, expect, it } from 'vitest';
import { colorScale, inkOn, luminance } from './colormap';

const contrast = (a: number, b: number) => (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
const INK = { '#000': 0, '#fff': 1 };

describe('colour scales for every eye', () => {
  it('sequential (viridis): lightness rises with the value, so order survives colour blindness', () => {
    const s = colorScale(0, 1);
    const ls = Array.from({ length: 33 }, (_, i) => luminance(s.rgb(i / 32)));
    for (let i = 1; i < ls.length; i++) expect(ls[i]).toBeGreaterThan(ls[i - 1]);
  });
  it('diverging (blue–white–red): light at 0, darker towards both ends', () => {
    const s = colorScale(-1, 1);
    const l = (v: number) => luminance(s.rgb(v));
    expect(l(0)).toBeGreaterThan(0.8);
    for (const v of [0.25, 0.5, 0.75, 1]) {
      expect(l(v)).toBeLessThan(l(v - 0.25));
      expect(l(-v)).toBeLessThan(l(-v + 0.25));
    }
  });
  it('numbers printed on any cell colour read at WCAG AA (4.5:1)', () => {
    for (const s of [colorScale(0, 1), colorScale(-1, 1)]) {
      for (let i = 0; i <= 64; i++) {
        const rgb = s.rgb(s.min + ((s.max - s.min) * i) / 64);
        expect(contrast(luminance(rgb), INK[inkOn(rgb)])).toBeGreaterThanOrEqual(4.5);
      }
    }
  });
});
