import { describe, expect, it } from 'vitest';
import { mnistDatasets } from './mnist';
import { decodeMnist, encodeMnist, MnistFormatError, splitCounts } from './mnistFile';

/** n digits of 2×3 per class c, digit j of class c filled with (c·10 + j) / 255. */
function tiny(perClass: readonly number[]): number[][] {
  return perClass.map((n, c) =>
    Array.from({ length: n * 6 }, (_, k) => (c * 10 + Math.floor(k / 6)) / 255),
  );
}

describe('the MNIST file format', () => {
  it('splits each class 85% / 15% in integers, the training digits first, round robin by class', () => {
    expect(splitCounts([20, 7, 100, 1, 0, 3, 3, 3, 3, 3]).train).toEqual([
      17, 5, 85, 0, 0, 2, 2, 2, 2, 2,
    ]);
    const f = decodeMnist(encodeMnist(tiny([3, 2, 1, 1, 1, 1, 1, 1, 1, 1]), 2, 3));
    expect([f.count, f.rows, f.cols, f.trainCount]).toEqual([13, 2, 3, 3]);
    // Train: classes 0 and 1 have ⌊3·0.85⌋ = 2 and ⌊2·0.85⌋ = 1; the others none.
    expect([...f.labels]).toEqual([0, 1, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    // Digit j of class c holds byte c·10 + j: train 0/0, 1/0, 0/1; test 0/2, 1/1, 2/0, …
    expect([...f.pixels].filter((_, k) => k % 6 === 0)).toEqual([
      0, 10, 1, 2, 11, 20, 30, 40, 50, 60, 70, 80, 90,
    ]);
  });

  it('reads back what it wrote: bytes are round(v · 255)', () => {
    const digits = tiny([2, 2, 2, 2, 2, 2, 2, 2, 2, 2]);
    digits[4][11] = 0.5; // the last pixel of its digit 1: 127.5 rounds to 128
    const { test } = mnistDatasets(encodeMnist(digits, 2, 3));
    const out = new Float32Array(6);
    // Class 4's second digit is its test digit, the fifth of the test split.
    expect(test.example(4, out, 0)).toBe(4);
    expect(out[5]).toBeCloseTo(128 / 255, 7);
  });

  const good = () => encodeMnist(tiny([2, 2, 2, 2, 2, 2, 2, 2, 2, 2]), 2, 3);
  const refuse = (bytes: Uint8Array, words: RegExp) => {
    expect(() => decodeMnist(bytes)).toThrow(MnistFormatError);
    expect(() => decodeMnist(bytes)).toThrow(words);
  };

  it('refuses malformed bytes in words', () => {
    refuse(new Uint8Array(10), /too short/);
    const notOurs = good();
    notOurs[0] = 0x50; // 'P'
    refuse(notOurs, /does not start with 'MNST'/);
    const v2 = good();
    v2[4] = 2;
    refuse(v2, /version 2; this app reads version 1/);
    refuse(good().subarray(0, good().length - 1), /163 bytes; 20 digits of 2×3 need 164/);
    const big = good();
    new DataView(big.buffer).setUint32(8, 1e9, true);
    refuse(big, /claims 1000000000 digits/);
    const wide = good();
    new DataView(wide.buffer).setUint32(12, 1000, true);
    refuse(wide, /1000×3 digits/);
    const moreTrain = good();
    new DataView(moreTrain.buffer).setUint32(20, 21, true);
    refuse(moreTrain, /21 training digits of 20/);
    const label = good();
    label[24 + 3] = 10;
    refuse(label, /digit 3 has label 10/);
    expect(() => encodeMnist(tiny([1, 1, 1]))).toThrow(/10 classes/);
    expect(() => encodeMnist([[2], ...tiny([1, 1, 1, 1, 1, 1, 1, 1, 1])], 1, 1)).toThrow(
      /outside \[0, 1\]/,
    );
  });

  it('refuses a padding that is not a small whole number', () => {
    expect(() => mnistDatasets(good(), { pad: 1.5 })).toThrow(/whole number/);
    expect(() => mnistDatasets(good(), { pad: -1 })).toThrow(/whole number/);
  });
});
