import { describe, expect, it } from 'vitest';
import { fitExample } from './fitExample';
import { exampleText, parseExample } from './catalog';

const pic = (w: number, h: number, c: number, f: (c: number, y: number, x: number) => number) => {
  const data = new Float32Array(c * w * h);
  for (let k = 0; k < c; k++)
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data[(k * h + y) * w + x] = f(k, y, x);
  return { width: w, height: h, channels: c, data };
};

describe('fitExample', () => {
  it('MNIST 28×28 into LeNet-5 32×32: centred, 2 pixels of 0 each side', () => {
    const digit = pic(28, 28, 1, (_, y, x) => (y * 28 + x + 1) / 784);
    const t = fitExample(digit, { n: 1, c: 1, h: 32, w: 32 });
    expect(t.shape).toEqual([1, 1, 32, 32]);
    expect(t.data[0]).toBe(0);
    expect(t.data[2 * 32 + 1]).toBe(0);
    expect(t.data[2 * 32 + 2]).toBeCloseTo(1 / 784, 7);
    expect(t.data[29 * 32 + 29]).toBeCloseTo(1, 7);
    expect(t.data[29 * 32 + 30]).toBe(0);
  });
  it('a gray example in a colour network of another size: repeated, resized, each batch item', () => {
    const flat = pic(28, 28, 1, () => 0.25);
    const t = fitExample(flat, { n: 2, c: 3, h: 64, w: 63 });
    expect(t.shape).toEqual([2, 3, 64, 63]);
    // A constant stays constant through any resize.
    for (const v of [t.data[0], t.data[3 * 64 * 63 - 1], t.data[2 * 3 * 64 * 63 - 1]])
      expect(v).toBeCloseTo(0.25, 6);
  });
  it('a colour example in a gray network: the luma', () => {
    const red = pic(4, 4, 3, (c) => (c === 0 ? 1 : 0));
    expect(fitExample(red, { n: 1, c: 1, h: 4, w: 4 }).data[5]).toBeCloseTo(0.299, 6);
  });
});

describe('example references', () => {
  it('read and write mnist:12; refuse what is not a shipped dataset', () => {
    expect(parseExample('mnist:12')).toEqual({ dataset: 'mnist', index: 12 });
    expect(exampleText({ dataset: 'mnist', index: 12 })).toBe('mnist:12');
    for (const bad of [
      'cifar:1',
      'mnist:-1',
      'mnist:1.5',
      'mnist:',
      'mnist:1234567',
      '__proto__:1',
    ])
      expect(parseExample(bad)).toBeNull();
  });
});
