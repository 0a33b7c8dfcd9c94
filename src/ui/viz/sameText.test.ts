import { describe, expect, it } from 'vitest';
import { conv2d } from '../../core/layers';
import { convInfo, isIssue, type Shape } from '../../core/shape';
import { sameNote, sameOptionLabel } from './sameText';

/** The axes of a 'same' conv on `x`, as the core computes them. */
function axes(x: Shape, k: number, s: number | [number, number]) {
  const info = convInfo(conv2d('c', 1, k, { stride: s, padding: 'same' }), x);
  if (isIssue(info)) throw new Error(info.message);
  return [info.h, info.w] as const;
}

describe('sameOptionLabel', () => {
  it('x=[1,3,224,224] k=3 s=2: TensorFlow style, ⌈224/2⌉ = 112', () => {
    expect(sameOptionLabel(...axes([1, 3, 224, 224], 3, 2))).toBe(
      'same, TensorFlow style: ⌈224/2⌉ = 112',
    );
  });

  it('x=[1,3,224,224] k=3 s=1: keeps 224×224', () => {
    expect(sameOptionLabel(...axes([1, 3, 224, 224], 3, 1))).toBe('same: keeps 224×224');
  });

  it('x=[1,1,7,10] k=3 s=(2,1): both axes, ⌈7/2⌉×⌈10/1⌉ = 4×10', () => {
    expect(sameOptionLabel(...axes([1, 1, 7, 10], 3, [2, 1]))).toBe(
      'same, TensorFlow style: ⌈7/2⌉×⌈10/1⌉ = 4×10',
    );
  });

  it('no input shape yet: no numbers, still says TensorFlow style', () => {
    expect(sameOptionLabel(null, null)).toBe('same, TensorFlow style');
  });
});

describe('sameNote', () => {
  it('x=[1,3,224,224] k=3 s=2: 0 before, 1 after; PyTorch refuses stride > 1', () => {
    const note = sameNote(...axes([1, 3, 224, 224], 3, 2));
    expect(note).toContain('⌈input / stride⌉ = 112×112');
    expect(note).toContain('padding 0 before, 1 after (the odd cell goes at the end)');
    expect(note).toContain("PyTorch’s padding='same' refuses stride > 1");
  });

  it('x=[1,1,7,7] k=3 s=1: 1 before, 1 after, keeps the size; no word of PyTorch', () => {
    const note = sameNote(...axes([1, 1, 7, 7], 3, 1));
    expect(note).toBe('Pads 1 before, 1 after, so the output keeps the input size.');
  });

  it('x=[1,1,7,8] k=3 s=2: rows and columns pad differently', () => {
    // ⌈7/2⌉ = 4: need 3·2 + 3 − 7 = 2 → 1, 1; ⌈8/2⌉ = 4: need 3·2 + 3 − 8 = 1 → 0, 1.
    expect(sameNote(...axes([1, 1, 7, 8], 3, 2))).toContain(
      'padding rows 1 before, 1 after; columns 0 before, 1 after',
    );
  });
});
