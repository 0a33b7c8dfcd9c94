// The per-step buffer's slot layout (hyper.ts) against the WGSL `struct Hyper` each update
// shader reads: field names (camelCase here, snake_case there) and order, every field an f32,
// and the struct padded to HYPER_BYTES by the @size of its last field. Then the packing itself.

import { describe, expect, it } from 'vitest';
import { adamScalars, optimizer, sgdScalars } from '../../../core/train/optim';
import { SHADER as ADAM } from './adam';
import { ADAM_HYPER, HYPER_BYTES, HYPER_FLOATS, packAdam, packSgd, SGD_HYPER } from './hyper';
import { SHADER as SGD } from './sgd';

/** [name, type, @size or null] of each field of `struct Hyper`, comments dropped. */
function hyperStruct(code: string): [string, string, number | null][] {
  const bare = code.replace(/\/\/[^\n]*/g, '');
  const m = /struct\s+Hyper\s*\{([^}]*)\}/.exec(bare);
  if (!m) throw new Error('no struct Hyper');
  return m[1]
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean)
    .map((f) => {
      const size = /^@size\((\d+)\)\s*/.exec(f);
      const [name, type] = f
        .replace(/^@size\(\d+\)\s*/, '')
        .split(':')
        .map((t) => t.trim());
      return [name, type, size ? Number(size[1]) : null];
    });
}

const snake = (camel: string) => camel.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

describe('the per-step buffer', () => {
  it.each([
    ['sgd', SGD.code, SGD_HYPER],
    ['adam', ADAM.code, ADAM_HYPER],
  ] as const)('%s: slot fields, types, order and size match the WGSL struct', (_, code, names) => {
    const fields = hyperStruct(code);
    expect(fields.map(([n]) => n)).toEqual(names.map(snake));
    expect(fields.every(([, t]) => t === 'f32')).toBe(true);
    fields.slice(0, -1).forEach(([n, , size]) => expect(size, n).toBeNull());
    const last = fields[fields.length - 1][2];
    expect(4 * (fields.length - 1) + (last ?? 4)).toBe(HYPER_BYTES);
  });

  it('packs SGD and Adam numbers into their slots, float32, flags as 1/0', () => {
    const out = new Float32Array(2 * HYPER_FLOATS);
    const sgd = optimizer('sgd', { momentum: 0.9, dampening: 0.1, weightDecay: 0.01 });
    packSgd(out, 1, sgdScalars(sgd, 0.05, 1));
    expect(Array.from(out.subarray(HYPER_FLOATS, HYPER_FLOATS + 6))).toEqual(
      [0.05, 0.01, 0.9, 0.9, 1, 0].map(Math.fround),
    );
    expect(Array.from(out.subarray(0, HYPER_FLOATS)).every((x) => x === 0)).toBe(true);
    // AdamW at t = 2, η = 0.1, λ = 0.5: step 0.1 / (1 − 0.81), √(1 − 0.998001), decay 0.95.
    const adamw = optimizer('adamw', { lr: 0.1, weightDecay: 0.5, betas: [0.9, 0.999] });
    packAdam(out, 0, adamScalars(adamw, 0.1, 2));
    expect(Array.from(out.subarray(0, 10))).toEqual(
      [0.1 / 0.19, Math.sqrt(1 - 0.999 ** 2), 0.9, 0.1, 0.999, 0.001, 1e-8, 0, 0.95, 0].map(
        Math.fround,
      ),
    );
  });
});
