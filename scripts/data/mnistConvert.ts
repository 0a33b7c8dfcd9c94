// The one MNIST converter: the `mnist` dev dependency's digits (src/digits/0.json … 9.json, each
// { data: [...] } with about 1,000 digits of 28×28 values in [0, 1]) into the app's binary file
// (format and split: src/core/data/mnistFile.ts). The Vite plugin (scripts/vite/mnistAsset.ts)
// serves and emits its bytes as data/mnist.bin; the training scripts and tests read the digits
// through it too, so every place sees the same bytes and the same split.
//
// The digits are from the MNIST database of Yann LeCun, Corinna Cortes and Christopher J. C.
// Burges; the `mnist` package (MIT, © 2015 Juan Cazala) holds a 10,000-digit subset of it.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { encodeMnist, MNIST_CLASSES } from '../../src/core/data/mnistFile.js';

/** The folder holding the package's digits/0.json … 9.json. */
export function mnistDigitsDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('mnist/package.json')), 'src', 'digits');
}

let cached: Uint8Array | null = null;

/** The file's bytes, converted once per process (about a second: 21 MB of JSON). */
export function mnistBytes(dir = mnistDigitsDir()): Uint8Array {
  if (cached && dir === mnistDigitsDir()) return cached;
  const digits = MNIST_CLASSES.map((c) => {
    const json = JSON.parse(readFileSync(join(dir, `${c}.json`), 'utf8')) as { data?: unknown };
    if (!Array.isArray(json.data))
      throw new Error(`${join(dir, `${c}.json`)} has no 'data' array of pixel values`);
    return json.data as number[];
  });
  const bytes = encodeMnist(digits);
  if (dir === mnistDigitsDir()) cached = bytes;
  return bytes;
}
