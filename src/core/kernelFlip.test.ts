import { describe, expect, it } from 'vitest';
import { classicKernel, flipSymmetry } from './kernels';

describe('a kernel turned 180°', () => {
  const values = (id: string) => classicKernel(id)!.values;
  it('box blur, Laplacian and sharpen are symmetric: true convolution changes nothing', () => {
    for (const id of ['boxBlur', 'laplacian', 'sharpen', 'identity', 'edge1'])
      expect(flipSymmetry(values(id), 3, 3)).toBe('symmetric');
  });
  it('Sobel is antisymmetric: flipping negates the sum (3 becomes −3)', () => {
    expect(flipSymmetry(values('sobelX'), 3, 3)).toBe('antisymmetric');
    expect(flipSymmetry(values('sobelY'), 3, 3)).toBe('antisymmetric');
  });
  it('emboss is neither (its centre 1 stays, its corners swap sign)', () => {
    expect(flipSymmetry(values('emboss'), 3, 3)).toBe('neither');
  });
  it('2×3 by hand: [1 2 3; 3 2 1] is symmetric, [1 0 2; -2 0 -1] antisymmetric, zeros symmetric', () => {
    expect(flipSymmetry([1, 2, 3, 3, 2, 1], 2, 3)).toBe('symmetric');
    expect(flipSymmetry([1, 0, 2, -2, 0, -1], 2, 3)).toBe('antisymmetric');
    expect(flipSymmetry([0, 0, 0, 0], 2, 2)).toBe('symmetric');
  });
});
