// MNIST as datasets: the shipped file's bytes (mnistFile.ts) read as a training and a held-out
// test split in the Dataset interface. Values in [0, 1], white digit on black as MNIST is.
// LeNet-5 takes 32×32 inputs: `pad: 2` puts 2 pixels of 0 on every side of the 28×28 digit, as
// LeCun et al. 1998 did ("the 28×28 field was centered in a 32×32 field").

import type { Dataset } from './dataset';
import { decodeMnist, MNIST_CLASSES, type MnistFile } from './mnistFile';

export interface MnistOptions {
  /** Pixels of 0 added on every side (2 makes LeNet-5's 32×32 from 28×28). Default 0. */
  readonly pad?: number;
}

export interface MnistSplit {
  readonly train: Dataset;
  readonly test: Dataset;
}

/** v / 255 for every byte, computed once. */
const UNIT = Float32Array.from({ length: 256 }, (_, v) => v / 255);

function splitDataset(
  file: MnistFile,
  from: number,
  to: number,
  name: string,
  pad: number,
): Dataset {
  const { rows, cols, labels, pixels } = file;
  const h = rows + 2 * pad;
  const w = cols + 2 * pad;
  const per = rows * cols;
  return {
    name,
    shape: [1, h, w],
    classes: MNIST_CLASSES,
    size: to - from,
    example(i, out, offset) {
      if (!(i >= 0 && i < to - from)) throw new RangeError(`${name} has no example ${i}`);
      const k = from + i;
      if (pad > 0) out.fill(0, offset, offset + h * w);
      const src = k * per;
      for (let y = 0; y < rows; y++) {
        const row = offset + (y + pad) * w + pad;
        for (let x = 0; x < cols; x++) out[row + x] = UNIT[pixels[src + y * cols + x]];
      }
      return labels[k];
    },
  };
}

/** The file's training and test splits (malformed bytes are refused by decodeMnist, in words). */
export function mnistDatasets(bytes: Uint8Array, opts: MnistOptions = {}): MnistSplit {
  const pad = opts.pad ?? 0;
  if (!Number.isInteger(pad) || pad < 0 || pad > 16)
    throw new RangeError(`MNIST padding must be a whole number of pixels 0 to 16, not ${pad}`);
  const file = decodeMnist(bytes);
  const side = `${file.rows + 2 * pad}×${file.cols + 2 * pad}`;
  return {
    train: splitDataset(file, 0, file.trainCount, `MNIST train ${side}`, pad),
    test: splitDataset(file, file.trainCount, file.count, `MNIST test ${side}`, pad),
  };
}
