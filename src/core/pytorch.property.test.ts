// Property: for random small valid sequential stacks of conv / pooling / activation layers (any
// padding, stride, dilation, groups, padding mode, ceil mode, and arbitrary Unicode names), the
// export is one nn.Sequential entry per module, each commented with the shape the core infers,
// whose constructors imply cost.ts's parameter total; and, with python3, the scripts run against
// the stand-in torch and every module outputs the commented shape.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { networkCost } from './cost';
import { inferShapes } from './infer';
import {
  activation,
  ACTIVATIONS,
  conv2d,
  linear,
  pair,
  pool2d,
  simple,
  type Layer,
  type Network,
  type Pair,
} from './layers';
import { toPyTorch } from './pytorch';
import {
  commentShapes,
  constructors,
  ctorParams,
  expectedValues,
  HAS_PYTHON,
  inferredShapes,
  runWithFakeTorch,
  sequentialEntries,
} from './pytorch.testing';

const pairArb = (min: number, max: number) =>
  fc.tuple(fc.integer({ min, max }), fc.integer({ min, max })) as fc.Arbitrary<Pair>;

const nameArb = fc.option(
  fc.oneof(
    fc.string({ unit: 'binary', maxLength: 12 }),
    fc.constantFrom('a\nb', '"""', "'", '<script>alert(1)</script>', '\\', '\u202e#', '\r\n'),
  ),
  { nil: undefined },
);

const specArb = fc.oneof(
  fc.record({
    kind: fc.constant('conv' as const),
    out: fc.integer({ min: 1, max: 6 }),
    k: pairArb(1, 4),
    s: pairArb(1, 3),
    d: pairArb(1, 2),
    p: fc.oneof(pairArb(0, 2), fc.constantFrom('same' as const, 'valid' as const)),
    g: fc.integer({ min: 1, max: 3 }),
    mode: fc.constantFrom('zeros' as const, 'reflect' as const, 'replicate' as const),
    bias: fc.boolean(),
    name: nameArb,
  }),
  fc.record({
    kind: fc.constantFrom('maxPool2d' as const, 'avgPool2d' as const),
    k: pairArb(1, 3),
    s: pairArb(1, 3),
    p: pairArb(0, 1),
    ceil: fc.boolean(),
    countIncludePad: fc.boolean(),
    name: nameArb,
  }),
  fc.record({
    kind: fc.constant('act' as const),
    fn: fc.constantFrom(...ACTIVATIONS),
    alpha: fc.double({ min: -1, max: 1, noNaN: true }),
    name: nameArb,
  }),
);

type Spec = typeof specArb extends fc.Arbitrary<infer T> ? T : never;

function toLayer(sp: Spec, id: string, inChannels: number): Layer {
  const named = <L extends Layer>(l: L): L => (sp.name === undefined ? l : { ...l, name: sp.name });
  if (sp.kind === 'conv') {
    let groups = sp.g;
    while (groups > 1 && (inChannels % groups !== 0 || sp.out % groups !== 0)) groups--;
    return named(
      conv2d(id, sp.out, sp.k, {
        stride: sp.s,
        padding: typeof sp.p === 'string' ? sp.p : pair(sp.p),
        dilation: sp.d,
        groups,
        paddingMode: sp.mode,
        bias: sp.bias,
      }),
    );
  }
  if (sp.kind === 'act') return named(activation(id, sp.fn, { alpha: sp.alpha }));
  const p: Pair = [Math.min(sp.p[0], sp.k[0] >> 1), Math.min(sp.p[1], sp.k[1] >> 1)];
  return named(
    pool2d(id, sp.kind, sp.k, {
      stride: sp.s,
      padding: p,
      ceilMode: sp.ceil,
      countIncludePad: sp.countIncludePad,
    }),
  );
}

/** A valid network: each layer is kept only if the stack stays valid with it. */
const networkArb = fc
  .record({
    c: fc.integer({ min: 1, max: 4 }),
    h: fc.integer({ min: 1, max: 12 }),
    w: fc.integer({ min: 1, max: 12 }),
    n: fc.integer({ min: 1, max: 3 }),
    specs: fc.array(specArb, { minLength: 1, maxLength: 6 }),
    head: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }),
  })
  .map(({ c, h, w, n, specs, head }): Network => {
    const input = { n, c, h, w };
    const layers: Layer[] = [];
    specs.forEach((sp, i) => {
      const last = inferShapes({ input, layers }).layers.at(-1);
      const inC = last?.status === 'ok' ? last.shape[1] : c;
      const candidate = [...layers, toLayer(sp, `l${i}`, inC)];
      if (inferShapes({ input, layers: candidate }).valid) layers.push(candidate.at(-1)!);
    });
    if (head !== undefined) layers.push(simple('flat', 'flatten'), linear('fc', head));
    return { input, layers };
  });

const unnamed = (net: Network): Network => ({
  ...net,
  layers: net.layers.map((l) => ({ ...l, name: undefined })),
});

describe('toPyTorch: random sequential stacks', () => {
  it('one entry per module, shape comments from the core, parameters from cost.ts', () => {
    fc.assert(
      fc.property(networkArb, (net) => {
        const inference = inferShapes(net);
        expect(inference.valid).toBe(true);
        const code = toPyTorch(net);
        const pads = inferredShapes(net).length - net.layers.length;
        expect(sequentialEntries(code)).toHaveLength(net.layers.length + pads);
        expect(constructors(code).filter((c) => c.name.endsWith('Pad2d'))).toHaveLength(pads);
        expect(commentShapes(code)).toEqual(inferredShapes(net));
        const params = constructors(code).reduce((s, c) => s + ctorParams(c), 0);
        expect(params).toBe(networkCost(inference).params);
        expect(expectedValues(code).params).toBe(params);
        // Whatever the names, they add no line: each stays inside its one-line comment.
        expect(code.split('\n')).toHaveLength(toPyTorch(unnamed(net)).split('\n').length);
      }),
      { numRuns: 300 },
    );
  });

  it.skipIf(!HAS_PYTHON)('the scripts run: every module outputs its commented shape', () => {
    const nets = fc.sample(networkArb, { numRuns: 150, seed: 20240611 });
    const codes = nets.map((n) => toPyTorch(n));
    const runs = runWithFakeTorch(codes);
    nets.forEach((net, i) => {
      const run = runs[i];
      expect([i, run.ok, run.error]).toEqual([i, true, undefined]);
      expect(run.traced).toEqual(inferredShapes(net, true));
      const { shape, params } = expectedValues(codes[i]);
      expect(run.printed).toEqual([`torch.Size([${shape.join(', ')}])`, `${params} parameters`]);
    });
  });
});
