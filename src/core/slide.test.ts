import { describe, expect, it } from 'vitest';
import { conv2d, pool2d } from './layers';
import { convInfo, isIssue, poolInfo, type WindowInfo } from './shape';
import { padIndex, slideCount, slideWindow } from './slide';
import { convStep } from './slideConv';
import { poolStep } from './slidePool';

const info = (i: WindowInfo | ReturnType<typeof convInfo>): WindowInfo => {
  if (isIssue(i)) throw new Error(i.message);
  return i;
};

describe('slideWindow', () => {
  it('x=[1,1,7,7] k=3 s=2: 9 positions, step 4 is the centre starting at (2, 2)', () => {
    const a = info(convInfo(conv2d('c', 1, 3, { stride: 2 }), [1, 1, 7, 7]));
    expect(slideCount(a)).toBe(9);
    const s = slideWindow(a, 4);
    expect([s.oy, s.ox]).toEqual([1, 1]);
    expect(s.taps.map((t) => [t.y, t.x])).toEqual([
      [2, 2],
      [2, 3],
      [2, 4],
      [3, 2],
      [3, 3],
      [3, 4],
      [4, 2],
      [4, 3],
      [4, 4],
    ]);
  });
  it('dilation 2 leaves gaps: taps at 0, 2, 4', () => {
    const a = info(convInfo(conv2d('c', 1, 3, { dilation: 2 }), [1, 1, 7, 7]));
    expect(
      slideWindow(a, 0)
        .taps.slice(0, 3)
        .map((t) => t.x),
    ).toEqual([0, 2, 4]);
  });
  it('padding 1: the first window reads the padding ring; reflect copies row 1', () => {
    const a = info(
      convInfo(conv2d('c', 1, 3, { padding: 1, paddingMode: 'reflect' }), [1, 1, 4, 4]),
    );
    const t = slideWindow(a, 0, 'reflect').taps[0];
    expect(t).toMatchObject({ y: -1, x: -1, inPadding: true, srcY: 1, srcX: 1 });
    expect(slideWindow(a, 0, 'zeros').taps[0].srcY).toBe(-1);
    expect(padIndex(4, 4, 'replicate')).toBe(3);
  });
});

describe('the lecture exercises through the stepper', () => {
  it('5×5 image ⊛ 3×3 corner kernel: 4 3 4 / 2 4 3 / 2 3 4', () => {
    const image = [1, 1, 1, 0, 0, 0, 1, 1, 1, 0, 0, 0, 1, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0];
    const kernel = [1, 0, 1, 0, 1, 0, 1, 0, 1];
    const layer = conv2d('c', 1, 3, { bias: false });
    const a = info(convInfo(layer, [1, 1, 5, 5]));
    const x = { data: image, c: 1, h: 5, w: 5 };
    const outs = Array.from(
      { length: 9 },
      (_, i) => convStep(x, kernel, null, a, layer, i, 0).output,
    );
    expect(outs).toEqual([4, 3, 4, 2, 4, 3, 2, 3, 4]);
    const first = convStep(x, kernel, null, a, layer, 0, 0).channels[0];
    expect(first.products).toEqual([1, 0, 1, 0, 1, 0, 0, 0, 1]);
  });
  it('4×4 max pool 2×2 s2: [[6, 8], [3, 4]]; the winner of the first window is 6 at (1, 1)', () => {
    const layer = pool2d('p', 'maxPool2d', 2);
    const a = info(poolInfo(layer, [1, 1, 4, 4]));
    const x = { data: [1, 1, 2, 4, 5, 6, 7, 8, 3, 2, 1, 0, 1, 2, 3, 4], c: 1, h: 4, w: 4 };
    expect([0, 1, 2, 3].map((i) => poolStep(x, a, layer, i, 0).output)).toEqual([6, 8, 3, 4]);
    const s = poolStep(x, a, layer, 0, 0);
    expect(s.winners).toEqual([3]);
    // Window 2 (rows 2–3, cols 0–1) holds 3, 2, 1, 2: one winner. A tie: 1, 1 in window 0 of row 0.
    expect(poolStep({ ...x, data: x.data.map(() => 1) }, a, layer, 0, 0).winners).toEqual([
      0, 1, 2, 3,
    ]);
  });
});

describe('firstStepReading', () => {
  it('x=[1,1,7,7] k=3 s=2: cell (4, 4) is first read at position 4; with dilation 2 a gap is never read', async () => {
    const { firstStepReading } = await import('./slide');
    const a = info(convInfo(conv2d('c', 1, 3, { stride: 2 }), [1, 1, 7, 7]));
    expect(firstStepReading(a, 4, 4)).toBe(4);
    expect(firstStepReading(a, 0, 0)).toBe(0);
    const d = info(convInfo(conv2d('c', 1, 2, { dilation: 3 }), [1, 1, 4, 4]));
    expect(firstStepReading(d, 1, 1)).toBe(-1);
  });
});

describe('ceil mode: a pooling window larger than its input', () => {
  // PyTorch 1.13: AvgPool2d(3, stride=2, ceil_mode=True) on [[0, 1], [2, 3]] → 1.5, the mean of
  // the 4 cells (the overhang is neither read nor counted); MaxPool2d(3, stride=3, ceil_mode=True)
  // on a 1×1 input returns it.
  it('x=[1,1,2,2] avg 3 s=2 ceil: one step, 4 real taps, 5 outside, 6 / 4 = 1.5', () => {
    const layer = pool2d('p', 'avgPool2d', 3, { stride: 2, ceilMode: true });
    const a = info(poolInfo(layer, [1, 1, 2, 2]));
    expect(slideCount(a)).toBe(1);
    const step = poolStep({ data: Float32Array.of(0, 1, 2, 3), c: 1, h: 2, w: 2 }, a, layer, 0, 0);
    expect(step.values).toEqual([0, 1, null, 2, 3, null, null, null, null]);
    expect(step.window.taps.filter((t) => t.outside)).toHaveLength(5);
    expect([step.sum, step.divisor, step.output]).toEqual([6, 4, 1.5]);
  });

  it('x=[1,1,1,1] max 3 s=3 ceil: the one cell wins', () => {
    const layer = pool2d('p', 'maxPool2d', 3, { ceilMode: true });
    const a = info(poolInfo(layer, [1, 1, 1, 1]));
    const step = poolStep({ data: Float32Array.of(-7), c: 1, h: 1, w: 1 }, a, layer, 0, 0);
    expect([step.output, step.winners]).toEqual([-7, [0]]);
    expect(a.h.uncovered).toEqual([]);
  });
});
