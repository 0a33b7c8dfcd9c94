// Conformance cases: each op as a tiny network (with its hand-set weights and input), so one
// suite drives any Backend through its public forward(). Generators cover every option of every
// op; the reference is the CPU forward pass over the same weights.

import fc from 'fast-check';
import { inferShapes } from '../../core/infer';
import {
  ACTIVATIONS,
  activation,
  conv2d,
  linear,
  pool2d,
  simple,
  type Layer,
  type Network,
} from '../../core/layers';
import type { FixedWeights } from '../../core/presets/preset';
import { createRng } from '../../core/rng';
import { tensor, type Tensor } from '../../core/tensor';
import type { ForwardRequest } from '../backend';

export interface ConformanceCase {
  readonly name: string;
  readonly request: ForwardRequest;
}

const rand = (seed: number, n: number, lo = -1, hi = 1): number[] => {
  const r = createRng(seed);
  return Array.from({ length: n }, () => lo + (hi - lo) * r.next());
};

/** Random weights for every layer that has parameters, so nothing depends on the init scheme. */
function weightsFor(network: Network, seed: number): Record<string, FixedWeights> {
  const inf = inferShapes(network);
  const out: Record<string, FixedWeights> = {};
  let k = seed;
  for (const ls of inf.layers) {
    if (ls.status !== 'ok') continue;
    const { layer, inputShapes } = ls;
    const x = inputShapes[0];
    if (layer.kind === 'conv2d') {
      const n = (layer.outChannels * x[1] * layer.kernel[0] * layer.kernel[1]) / layer.groups;
      out[ls.id] = {
        weight: rand(++k, n),
        ...(layer.bias ? { bias: rand(++k, layer.outChannels) } : {}),
      };
    } else if (layer.kind === 'linear') {
      out[ls.id] = {
        weight: rand(++k, layer.outFeatures * x[1]),
        ...(layer.bias ? { bias: rand(++k, layer.outFeatures) } : {}),
      };
    } else if (layer.kind === 'batchNorm') {
      const c = x[1];
      out[ls.id] = {
        gamma: rand(++k, c, 0.5, 1.5),
        beta: rand(++k, c),
        runningMean: rand(++k, c),
        runningVar: rand(++k, c, 0.2, 2),
      };
    } else if (layer.kind === 'layerNorm' && layer.affine) {
      const n = x.slice(1).reduce((a, b) => a * b, 1);
      out[ls.id] = { gamma: rand(++k, n, 0.5, 1.5), beta: rand(++k, n) };
    }
  }
  return out;
}

export function makeCase(
  name: string,
  input: { n: number; c: number; h: number; w: number },
  layers: readonly Layer[],
  seed: number,
  extra: Partial<ForwardRequest> = {},
): ConformanceCase {
  const network: Network = { input, layers };
  const data: Tensor = tensor(
    [input.n, input.c, input.h, input.w],
    rand(seed, input.n * input.c * input.h * input.w, -2, 2),
  );
  return {
    name,
    request: {
      network,
      input: data,
      seed,
      fixedWeights: weightsFor(network, seed * 7919),
      readback: layers.map((l) => l.id),
      ...extra,
    },
  };
}

const dims = fc.record({
  n: fc.integer({ min: 1, max: 2 }),
  c: fc.integer({ min: 1, max: 6 }),
  h: fc.integer({ min: 1, max: 11 }),
  w: fc.integer({ min: 1, max: 11 }),
});
const seed = fc.integer({ min: 1, max: 2 ** 30 });
const valid = (c: ConformanceCase) => inferShapes(c.request.network).valid;

/** Random valid cases per op, covering every option. */
export const GENERATORS: Record<string, fc.Arbitrary<ConformanceCase>> = {
  conv2d: fc
    .record({
      d: dims,
      s: seed,
      outPerGroup: fc.integer({ min: 1, max: 4 }),
      groupsPick: fc.integer({ min: 0, max: 5 }),
      k: fc.tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 })),
      stride: fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 })),
      dilation: fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 })),
      padding: fc.oneof(
        fc.constant('same' as const),
        fc.constant('valid' as const),
        fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 })),
      ),
      mode: fc.constantFrom('zeros' as const, 'replicate' as const, 'reflect' as const),
      bias: fc.boolean(),
      flip: fc.boolean(),
    })
    .map(({ d, s, outPerGroup, groupsPick, k, stride, dilation, padding, mode, bias, flip }) => {
      const divisors = Array.from({ length: d.c }, (_, i) => i + 1).filter((g) => d.c % g === 0);
      const groups = divisors[groupsPick % divisors.length];
      const layer = conv2d('conv', groups * outPerGroup, k, {
        stride,
        dilation,
        padding,
        paddingMode: mode,
        groups,
        bias,
        trueConvolution: flip,
      });
      return makeCase(
        `conv2d ${JSON.stringify({ d, k, stride, dilation, padding, mode, groups, bias, flip })}`,
        d,
        [layer],
        s,
      );
    })
    .filter(valid),
  pool2d: fc
    .record({
      d: dims,
      s: seed,
      kind: fc.constantFrom('maxPool2d' as const, 'avgPool2d' as const),
      k: fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 })),
      stride: fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 })),
      pad: fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 2 })),
      ceilMode: fc.boolean(),
      countIncludePad: fc.boolean(),
    })
    .map(({ d, s, kind, k, stride, pad, ceilMode, countIncludePad }) =>
      makeCase(
        `${kind} ${JSON.stringify({ d, k, stride, pad, ceilMode, countIncludePad })}`,
        d,
        [
          pool2d('pool', kind, k, {
            stride,
            padding: [
              Math.min(pad[0], Math.floor(k[0] / 2)),
              Math.min(pad[1], Math.floor(k[1] / 2)),
            ],
            ceilMode,
            countIncludePad,
          }),
        ],
        s,
      ),
    )
    .filter(valid),
  globalAvgPool: fc
    .record({ d: dims, s: seed })
    .map(({ d, s }) =>
      makeCase(`globalAvgPool ${JSON.stringify(d)}`, d, [simple('gap', 'globalAvgPool')], s),
    ),
  batchNorm: fc
    .record({
      d: dims,
      s: seed,
      training: fc.boolean(),
      flat: fc.boolean(),
      eps: fc.constantFrom(1e-5, 1e-3),
    })
    .filter(({ d, training, flat }) => !training || (flat ? d.n > 1 : d.n * d.h * d.w > 1))
    .map(({ d, s, training, flat, eps }) =>
      makeCase(
        `batchNorm ${JSON.stringify({ d, training, flat })}`,
        d,
        [...(flat ? [simple('flat', 'flatten')] : []), { id: 'bn', kind: 'batchNorm', eps }],
        s,
        { batchNormMode: training ? 'training' : 'inference' },
      ),
    ),
  layerNorm: fc
    .record({ d: dims, s: seed, affine: fc.boolean() })
    .map(({ d, s, affine }) =>
      makeCase(
        `layerNorm ${JSON.stringify({ d, affine })}`,
        d,
        [{ id: 'ln', kind: 'layerNorm', eps: 1e-5, affine }],
        s,
      ),
    ),
  activation: fc
    .record({
      d: dims,
      s: seed,
      fn: fc.constantFrom(...ACTIVATIONS),
      alpha: fc.double({ min: 0, max: 0.5, noNaN: true }),
    })
    .map(({ d, s, fn, alpha }) =>
      makeCase(`activation ${fn} ${JSON.stringify(d)}`, d, [activation('act', fn, { alpha })], s),
    ),
  flatten: fc
    .record({ d: dims, s: seed })
    .map(({ d, s }) => makeCase(`flatten ${JSON.stringify(d)}`, d, [simple('flat', 'flatten')], s)),
  linear: fc
    .record({ d: dims, s: seed, out: fc.integer({ min: 1, max: 40 }), bias: fc.boolean() })
    .map(({ d, s, out, bias }) =>
      makeCase(
        `linear ${JSON.stringify({ d, out, bias })}`,
        d,
        [simple('flat', 'flatten'), linear('fc', out, bias)],
        s,
      ),
    ),
  softmax: fc
    .record({ d: dims, s: seed, flat: fc.boolean() })
    .map(({ d, s, flat }) =>
      makeCase(
        `softmax ${JSON.stringify({ d, flat })}`,
        d,
        [...(flat ? [simple('flat', 'flatten')] : []), simple('sm', 'softmax')],
        s,
      ),
    ),
  add: fc
    .record({ d: dims, s: seed, count: fc.integer({ min: 2, max: 4 }) })
    .map(({ d, s, count }) => {
      const fns = ['relu', 'tanh', 'sigmoid', 'identity'] as const;
      const branches = fns
        .slice(0, count)
        .map((fn, i) => activation(`b${i}`, fn, { inputs: ['input'] }));
      return makeCase(
        `add ×${count} ${JSON.stringify(d)}`,
        d,
        [
          ...branches,
          simple(
            'sum',
            'add',
            branches.map((b) => b.id),
          ),
        ],
        s,
      );
    }),
  concat: fc
    .record({
      d: dims,
      s: seed,
      widths: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 4 }),
      flat: fc.boolean(),
    })
    .map(({ d, s, widths, flat }) => {
      const branches = widths.map((c, i) => conv2d(`b${i}`, c, 1, { inputs: ['input'] }));
      const tail = flat ? branches.map((b, i) => ({ ...simple(`f${i}`, 'flatten', [b.id]) })) : [];
      const ids = flat ? tail.map((t) => t.id) : branches.map((b) => b.id);
      return makeCase(
        `concat ${JSON.stringify({ d, widths, flat })}`,
        d,
        [...branches, ...tail, simple('cat', 'concat', ids)],
        s,
      );
    }),
};
