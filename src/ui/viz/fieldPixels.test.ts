import { describe, expect, it } from 'vitest';
import { fieldCanvas, greyLevels } from './fieldPixels';

describe('fieldCanvas', () => {
  it('3×3 frame, field reaching one cell into the padding on the top-left: a 4×4 canvas', () => {
    const counts = [1, 1, 0, 1, 1, 0, 0, 0, 0];
    // The virtual field: rows/columns −1..1 (2 padding sides + the 2×2 in-frame corner).
    const virtual = { top: -1, left: -1, height: 3, width: 3, data: new Float64Array(9).fill(1) };
    const pic = fieldCanvas(3, 3, counts, virtual, null);
    expect([pic.top, pic.left, pic.height, pic.width]).toEqual([-1, -1, 4, 4]);
    expect(pic.inFrame).toBe(4);
    // Padding cell (−1, −1) is drawn (opaque); padding cell (−1, 2) is outside the field: clear.
    expect(pic.pixels[3]).toBe(255);
    expect(pic.pixels[(0 * 4 + 3) * 4 + 3]).toBe(0);
  });
  it('greyLevels averages channels and stretches to 0..255', () => {
    expect(Array.from(greyLevels(Float32Array.from([0, 2, 4, 6]), 2, 2))).toEqual([0, 255]);
  });
});
