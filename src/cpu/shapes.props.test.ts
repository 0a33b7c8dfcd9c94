// The shape each op actually produces equals the shape core inferShapes() predicts, for random
// conv and pooling configurations; and an op throws exactly when inference reports an error,
// with the same message.

import fc from 'fast-check';
import { describe, test } from 'vitest';
import { inferShapes } from '../core/infer';
import { conv2d as convLayer, pool2d as poolLayer, type Layer, type Padding } from '../core/layers';
import { conv2d } from './conv2d';
import { OpError } from './opError';
import { pool2d } from './pool2d';
import { assertShape, randomArray, randomTensor } from './testing/helpers';

const RUNS = { numRuns: 150 };
const small = (min: number, max: number) =>
  fc.tuple(fc.integer({ min, max }), fc.integer({ min, max }));
const input = fc.record({
  n: fc.integer({ min: 1, max: 2 }),
  h: fc.integer({ min: 1, max: 10 }),
  w: fc.integer({ min: 1, max: 10 }),
  seed: fc.integer(),
});

/** Runs `op`; compares with inference: same shape when ok, an OpError with its message when not. */
function agree(
  layer: Layer,
  shape: [number, number, number, number],
  op: () => { shape: readonly number[] },
) {
  const [n, c, h, w] = shape;
  const inf = inferShapes({ input: { n, c, h, w }, layers: [layer] }).byId.get(layer.id);
  if (!inf || inf.status === 'blocked') throw new Error('inference did not run');
  if (inf.status === 'ok') {
    assertShape(op().shape, inf.shape);
    return true;
  }
  try {
    op();
  } catch (e) {
    if (!(e instanceof OpError)) throw e;
    if (e.message !== inf.error.message)
      throw new Error(`"${e.message}" ≠ "${inf.error.message}"`, { cause: e });
    return false;
  }
  throw new Error(`inference says "${inf.error.message}" but the op computed a result`);
}

describe('op output shapes equal inferShapes', () => {
  test('conv2d: padding explicit / same / valid, every mode, dilation, groups', () => {
    let ok = 0;
    fc.assert(
      fc.property(
        input,
        fc.record({
          g: fc.integer({ min: 1, max: 3 }),
          cPer: fc.integer({ min: 1, max: 2 }),
          mPer: fc.integer({ min: 1, max: 2 }),
          kernel: small(1, 4),
          stride: small(1, 3),
          dilation: small(1, 3),
          padding: fc.oneof(small(0, 3), fc.constantFrom('same', 'valid')) as fc.Arbitrary<Padding>,
          mode: fc.constantFrom('zeros', 'replicate', 'reflect'),
          // Occasionally a group count that does not divide the channels.
          badGroups: fc.boolean(),
        }),
        ({ n, h, w, seed }, r) => {
          const c = r.g * r.cPer + (r.badGroups && r.g > 1 ? 1 : 0);
          const layer = convLayer('c', r.g * r.mPer, r.kernel, {
            stride: r.stride,
            dilation: r.dilation,
            padding: r.padding,
            paddingMode: r.mode,
            groups: r.g,
            bias: false,
          });
          const weight = randomArray(r.g * r.mPer * r.cPer * r.kernel[0] * r.kernel[1], seed);
          const x = randomTensor([n, c, h, w], seed + 1);
          if (agree(layer, [n, c, h, w], () => conv2d(x, weight, null, layer))) ok++;
        },
      ),
      RUNS,
    );
    if (ok < 40) throw new Error(`only ${ok} valid configurations: the test is nearly vacuous`);
  });

  test('pool2d: max and avg, ceil mode, padding, count_include_pad', () => {
    let ok = 0;
    fc.assert(
      fc.property(
        input,
        fc.record({
          kind: fc.constantFrom('maxPool2d', 'avgPool2d'),
          c: fc.integer({ min: 1, max: 3 }),
          kernel: small(1, 4),
          stride: small(1, 3),
          padding: small(0, 2),
          ceilMode: fc.boolean(),
          countIncludePad: fc.boolean(),
        }),
        ({ n, h, w, seed }, r) => {
          const layer = poolLayer('p', r.kind, r.kernel, r);
          const x = randomTensor([n, r.c, h, w], seed);
          const run = () => {
            const { out, argmax } = pool2d(x, layer);
            if ((argmax === null) !== (r.kind === 'avgPool2d')) throw new Error('argmax presence');
            if (argmax && argmax.length !== out.data.length) throw new Error('argmax length');
            return out;
          };
          if (agree(layer, [n, r.c, h, w], run)) ok++;
        },
      ),
      RUNS,
    );
    if (ok < 40) throw new Error(`only ${ok} valid configurations: the test is nearly vacuous`);
  });
});
