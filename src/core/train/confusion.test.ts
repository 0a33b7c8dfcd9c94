import { describe, expect, it } from 'vitest';
import { addBatch, emptyConfusion } from './confusion';

describe('confusion matrix', () => {
  it('hand-worked: counts, cells, totals and the most confident mistakes', () => {
    // 4 examples, 3 classes: 0→0 right, 1→2 wrong (p 0.7), 2→2 right, 2→1 wrong (p 0.5).
    const probs = [0.8, 0.1, 0.1, 0.1, 0.2, 0.7, 0, 0.1, 0.9, 0.2, 0.5, 0.3];
    let c = emptyConfusion(3);
    c = addBatch(c, probs.slice(0, 6), [0, 1], [10, 11]);
    c = addBatch(c, probs.slice(6), [2, 2], [12, 13]);
    expect(c.counts).toEqual([
      [1, 0, 0],
      [0, 0, 1],
      [0, 1, 1],
    ]);
    expect(c.cells[1][2]).toEqual([11]);
    expect(c.cells[2][1]).toEqual([13]);
    expect([c.total, c.correct]).toEqual([4, 2]);
    expect(c.confidentWrong.map((w) => [w.index, w.predicted])).toEqual([
      [11, 2],
      [13, 1],
    ]);
    // The counts add up to the examples.
    expect(c.counts.flat().reduce((a, b) => a + b, 0)).toBe(c.total);
  });
});
