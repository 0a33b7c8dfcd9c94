// Test support: the ONNX fixtures written by real PyTorch (scripts/onnx-fixtures/make_fixtures.py)
// — each model's bytes, the fixed input and PyTorch's output — and the comparison the tests use.

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');

/** The fixtures with a PyTorch reference output, by file stem. */
export const FIXTURES = ['lenet5', 'resnet_block', 'mobilenet_block', 'mixed'] as const;

export interface Fixture {
  readonly name: string;
  readonly bytes: Uint8Array;
  readonly input: { readonly shape: number[]; readonly data: Float32Array };
  /** PyTorch's float32 output, exactly, as float64. */
  readonly output: { readonly shape: number[]; readonly data: Float64Array };
}

export const fixtureBytes = (name: string): Uint8Array =>
  new Uint8Array(readFileSync(join(DIR, `${name}.onnx`)));

export function loadFixture(name: string): Fixture {
  const doc = JSON.parse(readFileSync(join(DIR, `${name}.json`), 'utf8')) as {
    input: { shape: number[]; data: number[] };
    output: { shape: number[]; data: number[] };
  };
  return {
    name,
    bytes: fixtureBytes(name),
    input: { shape: doc.input.shape, data: Float32Array.from(doc.input.data) },
    output: { shape: doc.output.shape, data: Float64Array.from(doc.output.data) },
  };
}

/** The largest |got − want| / max(1, |want|): the tests hold it to 1e-4. */
export function scaledError(got: ArrayLike<number>, want: ArrayLike<number>): number {
  if (got.length !== want.length) return Infinity;
  let worst = 0;
  for (let i = 0; i < want.length; i++) {
    const e = Math.abs(got[i] - want[i]) / Math.max(1, Math.abs(want[i]));
    worst = Number.isNaN(e) ? Infinity : Math.max(worst, e);
  }
  return worst;
}
