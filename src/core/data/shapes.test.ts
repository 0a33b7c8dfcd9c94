import { describe, expect, it } from 'vitest';
import { gatherBatch, slice } from './dataset';
import { drawShape, SHAPE_CLASSES, shapesDataset } from './shapes';

describe('the procedural shapes set', () => {
  const d = shapesDataset({ size: 28, count: 400, seed: 7 });

  it('example i is the same picture every time, and another seed gives another', () => {
    const a = new Float32Array(28 * 28);
    const b = new Float32Array(28 * 28);
    const la = d.example(5, a, 0);
    const lb = d.example(5, b, 0);
    expect(la).toBe(lb);
    expect(b).toEqual(a);
    const other = new Float32Array(28 * 28);
    drawShape({ size: 28, count: 400, seed: 8 }, 5, other, 0);
    expect(other).not.toEqual(a);
  });

  it('every class appears about equally often, pixels in [0, 1], a shape on every picture', () => {
    const { images, labels } = gatherBatch(
      d,
      Array.from({ length: 400 }, (_, i) => i),
    );
    const counts = SHAPE_CLASSES.map((_, k) => labels.filter((l) => l === k).length);
    for (const c of counts) expect(c).toBeGreaterThan(70);
    expect(images.every((v) => v >= 0 && v <= 1)).toBe(true);
    for (let i = 0; i < 400; i++) {
      const img = images.subarray(i * 784, (i + 1) * 784);
      const ink = img.filter((v) => v > 0.5).length;
      expect(ink).toBeGreaterThan(10); // something is drawn
      expect(ink).toBeLessThan(600); // and it is not a full frame
    }
  });

  it('squares come filled and outlined: their ink differs', () => {
    // Class is drawn from the seed: find one filled and one outlined square by their ink.
    const { images, labels } = gatherBatch(
      d,
      Array.from({ length: 200 }, (_, i) => i),
    );
    const inks = [...labels.keys()]
      .filter((i) => SHAPE_CLASSES[labels[i]] === 'square')
      .map((i) => images.subarray(i * 784, (i + 1) * 784).reduce((s, v) => s + v, 0));
    expect(Math.max(...inks) / Math.min(...inks)).toBeGreaterThan(1.5);
  });

  it('a slice is a held-out split: its example 0 is the set’s example `from`', () => {
    const test = slice(d, 300, 400, 'test');
    expect(test.size).toBe(100);
    const a = new Float32Array(784);
    const b = new Float32Array(784);
    expect(test.example(0, a, 0)).toBe(d.example(300, b, 0));
    expect(a).toEqual(b);
  });

  it('3 channels: the shape in a colour, same label as gray', () => {
    const rgb = shapesDataset({ size: 32, count: 10, seed: 7, channels: 3 });
    const gray = shapesDataset({ size: 32, count: 10, seed: 7 });
    const x = new Float32Array(3 * 32 * 32);
    const g = new Float32Array(32 * 32);
    expect(rgb.example(3, x, 0)).toBe(gray.example(3, g, 0));
    expect(rgb.shape).toEqual([3, 32, 32]);
  });
});
