// Conformance cases: each op as a tiny network (with its hand-set weights and input), so one
// suite drives any Backend through its public forward(). Generators cover every option of every
// op; the reference is the float64 forward of reference/ over the same weights. Fixed cases feed
// IEEE edge values (±∞, NaN, ±3e38, −0) to every activation, as a layer and fused into conv2d and
// linear (the GPU fuses an activation into the conv or linear before it when the conv's own
// output is not read back: the generators read it back or not).

import fc from 'fast-check';
import { inferShapes } from '../../core/infer';
import {
  ACTIVATIONS,
  activation,
  conv2d,
  linear,
  pool2d,
  simple,
  type ActivationFn,
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
  convActivation: fc
    .record({
      // Big enough maps (≥ 4 096 outputs) take the gemm or depthwise kernels, not direct.
      d: fc.oneof(
        dims,
        fc.record({
          n: fc.constant(1),
          c: fc.integer({ min: 4, max: 8 }),
          h: fc.integer({ min: 32, max: 40 }),
          w: fc.integer({ min: 32, max: 40 }),
        }),
      ),
      s: seed,
      out: fc.integer({ min: 4, max: 8 }),
      depthwise: fc.boolean(),
      k: fc.integer({ min: 1, max: 3 }),
      stride: fc.integer({ min: 1, max: 2 }),
      bias: fc.boolean(),
      fn: fc.constantFrom(...ACTIVATIONS),
      alpha: fc.constantFrom(0, 0.01, 0.3),
      readConv: fc.boolean(),
    })
    .map(({ d, s, out, depthwise, k, stride, bias, fn, alpha, readConv }) => {
      const conv = conv2d('conv', depthwise ? d.c * (1 + (out % 2)) : out, k, {
        padding: 'same',
        stride,
        groups: depthwise ? d.c : 1,
        bias,
      });
      return makeCase(
        `conv2d → ${fn} ${JSON.stringify({ d, out: conv.outChannels, k, stride, depthwise, bias, alpha, readConv })}`,
        d,
        [conv, activation('act', fn, { alpha })],
        s,
        { readback: readConv ? ['conv', 'act'] : ['act'] },
      );
    })
    .filter(valid),
  linearActivation: fc
    .record({
      d: dims,
      s: seed,
      n: fc.constantFrom(1, 3, 5, 17, 24),
      out: fc.integer({ min: 1, max: 40 }),
      bias: fc.boolean(),
      fn: fc.constantFrom(...ACTIVATIONS),
      alpha: fc.constantFrom(0, 0.01, 0.3),
      readLinear: fc.boolean(),
    })
    .map(({ d, s, n, out, bias, fn, alpha, readLinear }) =>
      makeCase(
        `linear → ${fn} ${JSON.stringify({ d: { ...d, n }, out, bias, alpha, readLinear })}`,
        { ...d, n },
        [simple('flat', 'flatten'), linear('fc', out, bias), activation('act', fn, { alpha })],
        s,
        { readback: readLinear ? ['fc', 'act'] : ['act'] },
      ),
    ),
};

/** IEEE edge values every activation sees: ±∞, NaN, ±3e38 (near f32's largest), ±0, ±1. */
export const EDGE_VALUES: readonly number[] = [-Infinity, Infinity, NaN, -3e38, 3e38, -0, 0, -1, 1];

const ACTIVATION_VARIANTS: readonly { fn: ActivationFn; alpha?: number }[] = [
  ...ACTIVATIONS.map((fn) => ({ fn })),
  { fn: 'leakyRelu', alpha: 0 },
  { fn: 'leakyRelu', alpha: 0.5 },
];

const edgeRequest = (
  network: Network,
  values: readonly number[],
  fixedWeights: ForwardRequest['fixedWeights'],
  readback: readonly string[],
): ForwardRequest => {
  const { n, c, h, w } = network.input;
  return { network, input: tensor([n, c, h, w], values), seed: 1, fixedWeights, readback };
};

/**
 * EDGE_VALUES through every activation: as a layer, and after a conv2d or linear whose output is
 * exactly its input (weight 1, bias 0), read back (unfused on the GPU) or not (fused). conv2d
 * runs its direct kernel on 9 values and its gemm kernel on a [1, 4, 64, 64] input whose channel
 * 0 repeats the values and the others are 0 (4 096 outputs, a 4-term reduction: the gemm tile);
 * linear runs gemv on 9 rows and its gemm tile on 18.
 */
export function edgeCases(): ConformanceCase[] {
  const cases: ConformanceCase[] = [];
  const tile = (n: number) => Array.from({ length: n }, (_, i) => EDGE_VALUES[i % 9]);
  for (const { fn, alpha } of ACTIVATION_VARIANTS) {
    const act = activation('act', fn, { alpha });
    const tag = `${fn}${alpha === undefined ? '' : ` α=${alpha}`}`;
    const small = { n: 1, c: 1, h: 3, w: 3 };
    cases.push({
      name: `${tag} layer at ±∞, NaN, ±3e38, ±0`,
      request: edgeRequest({ input: small, layers: [act] }, EDGE_VALUES, undefined, ['act']),
    });
    const conv1 = conv2d('conv', 1, 1);
    const big = { n: 1, c: 4, h: 64, w: 64 };
    const bigValues = [...tile(64 * 64), ...new Array(3 * 64 * 64).fill(0)];
    const linearNet = (n: number): Network => ({
      input: { n, c: 1, h: 1, w: 1 },
      layers: [simple('flat', 'flatten'), linear('fc', 1), act],
    });
    for (const read of [['act'], ['conv', 'act']]) {
      const how = read.length === 1 ? 'fused' : 'unfused';
      cases.push({
        name: `conv2d (direct) → ${tag}, ${how}, at the edge values`,
        request: edgeRequest(
          { input: small, layers: [conv1, act] },
          EDGE_VALUES,
          {
            conv: { weight: [1], bias: [0] },
          },
          read,
        ),
      });
      cases.push({
        name: `conv2d (gemm) → ${tag}, ${how}, at the edge values`,
        request: edgeRequest(
          { input: big, layers: [conv1, act] },
          bigValues,
          {
            conv: { weight: [1, 0, 0, 0], bias: [0] },
          },
          read,
        ),
      });
    }
    for (const n of [9, 18]) {
      for (const read of [['act'], ['fc', 'act']]) {
        cases.push({
          name: `linear (${n} rows) → ${tag}, ${read.length === 1 ? 'fused' : 'unfused'}, at the edge values`,
          request: edgeRequest(linearNet(n), tile(n), { fc: { weight: [1], bias: [0] } }, read),
        });
      }
    }
  }
  return cases;
}
