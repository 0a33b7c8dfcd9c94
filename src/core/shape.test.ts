import { describe, expect, it } from 'vitest';
import { axisInfo, convInfo, isIssue, poolInfo, samePadding, samePlan } from './shape';
import { conv2d, pool2d } from './layers';

describe('axisInfo: O = floor((I + Pb + Pe − D(K−1) − 1) / S) + 1', () => {
  it.each([
    [1, 5, 0],
    [2, 3, 0],
    [3, 2, 1],
  ])('I=7 K=3 S=%i → O=%i, remainder %i', (s, out, rem) => {
    const a = axisInfo(7, 3, s, 1, 0, 0)!;
    expect(a.out).toBe(out);
    expect(a.remainder).toBe(rem);
  });

  it('I=7 K=3 S=3: exact 2.33 and row 6 never covered', () => {
    const a = axisInfo(7, 3, 3, 1, 0, 0)!;
    expect(a.exactOut).toBeCloseTo(7 / 3, 10);
    expect(a.uncovered).toEqual([6]);
  });

  it('I=7 K=3 D=2 spans 5 → O=3', () => {
    const a = axisInfo(7, 3, 1, 2, 0, 0)!;
    expect(a.span).toBe(5);
    expect(a.out).toBe(3);
    expect(a.uncovered).toEqual([]);
  });

  it('I=7 K=1 S=2 skips every odd row (gaps, not remainder)', () => {
    const a = axisInfo(7, 1, 2, 1, 0, 0)!;
    expect(a.out).toBe(4);
    expect(a.remainder).toBe(0);
    expect(a.uncovered).toEqual([1, 3, 5]);
  });

  it('span larger than padded input → null', () => {
    expect(axisInfo(7, 5, 1, 2, 0, 0)).toBeNull();
  });

  it('ceil mode I=6 K=3 S=2 → 3 (floor gives 2); PyTorch drops a window starting in end padding', () => {
    expect(axisInfo(6, 3, 2, 1, 0, 0, false)!.out).toBe(2);
    const c = axisInfo(6, 3, 2, 1, 0, 0, true)!;
    expect(c.out).toBe(3);
    expect(c.ceil).toBe(true);
    // I=5 K=2 S=2 P=1: floor (5+2-2)/2+1 = 3, ceil would be 4 but window 4 starts at 6 ≥ 5+1.
    expect(axisInfo(5, 2, 2, 1, 1, 1, true)!.out).toBe(3);
  });

  it('ceil mode I=1 K=3 S=3 → 1: a window larger than the input is fine when it starts inside', () => {
    // PyTorch: MaxPool2d(3, stride=3, ceil_mode=True) on 1×1 returns the input.
    const a = axisInfo(1, 3, 3, 1, 0, 0, true)!;
    expect([a.out, a.ceil, a.span, a.padded, a.remainder, a.uncovered]).toEqual([
      1,
      true,
      3,
      1,
      1,
      [],
    ]);
    expect(a.exactOut).toBeCloseTo(1 / 3, 10);
    // AvgPool2d(3, stride=2, ceil_mode=True) on 2×2: one window.
    expect(axisInfo(2, 3, 2, 1, 0, 0, true)!.out).toBe(1);
    // Without ceil mode the same windows give an empty output.
    expect(axisInfo(1, 3, 3, 1, 0, 0, false)).toBeNull();
    expect(axisInfo(2, 3, 2, 1, 0, 0, false)).toBeNull();
  });

  it('ceil mode: a window may overhang the padded input by at most S − 1 cells', () => {
    // I=1 K=3: overhang 2, so stride 3 fits, stride 2 and 1 give an empty output (as PyTorch).
    expect(axisInfo(1, 3, 2, 1, 0, 0, true)).toBeNull();
    expect(axisInfo(1, 3, 1, 1, 0, 0, true)).toBeNull();
    // I=2 K=4 P=1: padded 4 = span, O = ⌈0/3⌉ + 1 = 1 without any overhang.
    expect(axisInfo(2, 4, 3, 1, 1, 1, true)!.out).toBe(1);
    // I=1 K=5 S=4 P=2: padded 5 = span; I=1 K=4 S=4 P=1: padded 3, overhang 1 < 4 → 1.
    expect(axisInfo(1, 5, 4, 1, 2, 2, true)!.out).toBe(1);
    expect(axisInfo(1, 4, 4, 1, 1, 1, true)!.out).toBe(1);
  });

  it('same padding: I=7 K=3 S=1 → [1,1]; I=7 K=3 S=2 → out 4, pad [1,1]; I=8 K=3 S=2 → [0,1]', () => {
    expect(samePadding(7, 3, 1, 1)).toEqual([1, 1]);
    expect(samePadding(7, 3, 2, 1)).toEqual([1, 1]);
    expect(samePadding(8, 3, 2, 1)).toEqual([0, 1]);
    expect(samePadding(7, 3, 1, 2)).toEqual([2, 2]);
  });

  it('samePlan: I=224 K=3 S=2 → ⌈224/2⌉ = 112, need 111·2 + 3 − 224 = 1 → [0, 1]', () => {
    expect(samePlan(224, 3, 2, 1)).toEqual({
      out: 112,
      span: 3,
      need: 1,
      total: 1,
      begin: 0,
      end: 1,
    });
    // I=7 K=1 S=2: ⌈7/2⌉ = 4, the last window starts at 6 and needs nothing: need 3·2 + 1 − 7 = 0.
    expect(samePlan(7, 1, 2, 1)).toMatchObject({ out: 4, need: 0, total: 0 });
    // I=8 K=1 S=3: ⌈8/3⌉ = 3, need 2·3 + 1 − 8 = −1: no padding.
    expect(samePlan(8, 1, 3, 1)).toMatchObject({ out: 3, need: -1, total: 0, begin: 0, end: 0 });
  });
});

describe('convInfo', () => {
  it('x=[1,3,32,32] ten 5×5 s=1 p=2 → 10×32×32', () => {
    const info = convInfo(conv2d('c', 10, 5, { padding: 2 }), [1, 3, 32, 32]);
    expect(isIssue(info)).toBe(false);
    if (isIssue(info)) return;
    expect([info.outChannels, info.h.out, info.w.out]).toEqual([10, 32, 32]);
  });

  it('x=[1,1,7,7] k=5 d=2: the error names the spans', () => {
    const info = convInfo(conv2d('c', 1, 5, { dilation: 2 }), [1, 1, 7, 7]);
    expect(isIssue(info) && info.message).toBe(
      'kernel 5×5 dilated by 2 spans 9×9, larger than the input 7×7',
    );
  });

  it('x=[1,1,5,5] k=5 d=2 p=1: padded input named', () => {
    const info = convInfo(conv2d('c', 1, 5, { dilation: 2, padding: 1 }), [1, 1, 5, 5]);
    expect(isIssue(info) && info.message).toBe(
      'kernel 5×5 dilated by 2 spans 9×9, larger than the padded input 7×7',
    );
  });

  it('x=[1,16,8,8] groups=3 → not divisible', () => {
    const info = convInfo(conv2d('c', 6, 3, { groups: 3 }), [1, 16, 8, 8]);
    expect(isIssue(info) && info.message).toBe('16 input channels are not divisible by 3 groups');
  });

  it('x=[1,4,8,8] same s=2 → 4×4 with asymmetric padding', () => {
    const info = convInfo(conv2d('c', 2, 3, { stride: 2, padding: 'same' }), [1, 4, 8, 8]);
    if (isIssue(info)) throw new Error(info.message);
    expect([info.h.out, info.h.padBegin, info.h.padEnd]).toEqual([4, 0, 1]);
  });

  it('reflect padding as large as the input is refused', () => {
    const info = convInfo(conv2d('c', 1, 5, { padding: 3, paddingMode: 'reflect' }), [1, 1, 3, 3]);
    expect(isIssue(info)).toBe(true);
  });
});

describe('poolInfo', () => {
  it('x=[1,1,4,4] 2×2 s=2 → 2×2', () => {
    const info = poolInfo(pool2d('p', 'maxPool2d', 2), [1, 1, 4, 4]);
    if (isIssue(info)) throw new Error(info.message);
    expect([info.h.out, info.w.out]).toEqual([2, 2]);
  });
  it('x=[1,1,1,1] max 3×3 s=3 ceil → 1×1; s=1 ceil → readable error naming the stride', () => {
    const ok = poolInfo(pool2d('p', 'maxPool2d', 3, { ceilMode: true }), [1, 1, 1, 1]);
    if (isIssue(ok)) throw new Error(ok.message);
    expect([ok.h.out, ok.w.out]).toEqual([1, 1]);
    const bad = poolInfo(pool2d('p', 'maxPool2d', 3, { stride: 1, ceilMode: true }), [1, 1, 1, 1]);
    expect(isIssue(bad) && bad.message).toBe(
      'kernel 3×3 larger than the input 1×1: ceil mode lets a window hang off the end only by less than the stride 1×1',
    );
    const floor = poolInfo(pool2d('p', 'maxPool2d', 3), [1, 1, 1, 1]);
    expect(isIssue(floor) && floor.message).toBe('kernel 3×3 larger than the input 1×1');
  });

  it('convolution keeps refusing a kernel larger than its padded input (PyTorch does too)', () => {
    const info = convInfo(conv2d('c', 1, 3, { stride: 3 }), [1, 1, 1, 1]);
    expect(isIssue(info) && info.message).toBe('kernel 3×3 larger than the input 1×1');
  });

  it('padding more than half the kernel is refused', () => {
    const info = poolInfo(pool2d('p', 'maxPool2d', 2, { padding: 2 }), [1, 1, 4, 4]);
    expect(isIssue(info)).toBe(true);
  });
});
