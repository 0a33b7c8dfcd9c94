// The MNIST reader on the converter's real output: the package's 10,000 digits, their fixed
// split, and LeNet-5's padding.
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mnistDatasets } from '../../src/core/data/mnist';
import { decodeMnist, MNIST_HEADER_BYTES, splitCounts } from '../../src/core/data/mnistFile';
import { mnistBytes, mnistDigitsDir } from './mnistConvert';

const bytes = mnistBytes();
const file = decodeMnist(bytes);
// The package's digits per class (its src/digits/<c>.json), fixed by the package's version.
const PER_CLASS = [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978];
const TRAIN = [850, 957, 842, 877, 833, 733, 861, 909, 802, 831];

const histogram = (labels: Uint8Array) => {
  const h = new Array<number>(10).fill(0);
  for (const l of labels) h[l]++;
  return h;
};

describe('the MNIST file made from the mnist package', () => {
  it('holds 10,000 digits of 28×28: 8,495 train, 1,505 test, 85% / 15% of every class', () => {
    expect(bytes.length).toBe(MNIST_HEADER_BYTES + 10_000 * (1 + 784));
    expect([file.count, file.rows, file.cols, file.trainCount]).toEqual([10_000, 28, 28, 8495]);
    expect(splitCounts(PER_CLASS).train).toEqual(TRAIN);
    expect(histogram(file.labels.subarray(0, 8495))).toEqual(TRAIN);
    expect(histogram(file.labels.subarray(8495))).toEqual(PER_CLASS.map((n, c) => n - TRAIN[c]));
    // Round robin: the first ten digits of either split are 0 … 9.
    expect([...file.labels.subarray(0, 10)]).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect([...file.labels.subarray(8495, 8505)]).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('the split is fixed: the same bytes every time, and a test digit is the last 15% of its class', () => {
    // The bytes' hash pins the split (and the order) for everyone who builds the app.
    const hash = createHash('sha256').update(bytes).digest('hex');
    expect(hash).toBe(createHash('sha256').update(mnistBytes(mnistDigitsDir())).digest('hex'));
    expect(hash.slice(0, 16)).toBe('1f97909a3c471070');
    // The first test digit of class 3 is the package's digit TRAIN[3] of class 3; the last
    // training digit of class 3 its digit TRAIN[3] − 1.
    const source = (
      JSON.parse(readFileSync(join(mnistDigitsDir(), '3.json'), 'utf8')) as {
        data: number[];
      }
    ).data;
    const digitOf = (j: number) =>
      source.slice(j * 784, (j + 1) * 784).map((v) => Math.round(v * 255));
    const at = (i: number) => [...file.pixels.subarray(i * 784, (i + 1) * 784)];
    const firstTest = 8495 + 3;
    expect(file.labels[firstTest]).toBe(3);
    expect(at(firstTest)).toEqual(digitOf(TRAIN[3]));
    const lastTrain3 = [...file.labels.subarray(0, 8495)].lastIndexOf(3);
    expect(at(lastTrain3)).toEqual(digitOf(TRAIN[3] - 1));
  });

  it('train and test share no digit (no picture appears in both splits)', () => {
    const key = (i: number) =>
      createHash('sha1')
        .update(file.pixels.subarray(i * 784, (i + 1) * 784))
        .digest('hex');
    const train = new Set(Array.from({ length: 8495 }, (_, i) => key(i)));
    let shared = 0;
    for (let i = 8495; i < 10_000; i++) if (train.has(key(i))) shared++;
    expect(shared).toBe(0);
  });

  it('as datasets: values in [0, 1]; pad 2 makes 32×32 with the digit at +2, +2 and a zero border', () => {
    const plain = mnistDatasets(bytes);
    const padded = mnistDatasets(bytes, { pad: 2 });
    expect(plain.train.shape).toEqual([1, 28, 28]);
    expect(padded.test.shape).toEqual([1, 32, 32]);
    expect([plain.train.size, plain.test.size]).toEqual([8495, 1505]);
    expect(padded.train.classes).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    for (const i of [0, 7, 1504]) {
      const a = new Float32Array(784);
      const b = new Float32Array(32 * 32).fill(NaN);
      const la = plain.test.example(i, a, 0);
      expect(padded.test.example(i, b, 0)).toBe(la);
      expect(a.every((v) => v >= 0 && v <= 1)).toBe(true);
      expect(Math.max(...a)).toBeGreaterThan(0.9); // white ink on black
      for (let y = 0; y < 32; y++)
        for (let x = 0; x < 32; x++) {
          const inside = y >= 2 && y < 30 && x >= 2 && x < 30;
          expect(b[y * 32 + x]).toBe(inside ? a[(y - 2) * 28 + (x - 2)] : 0);
        }
    }
  });
});
