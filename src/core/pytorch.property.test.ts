// Property: random small valid sequential stacks (conv with any padding, stride, dilation,
// groups, padding mode and true convolution; pooling with ceil mode and count_include_pad; every
// activation; norms; a linear head; arbitrary Unicode names) export to scripts that real
// PyTorch 1.13 runs (one python process for all of them): the printed shape and parameter total
// are the script's expected values and cost.ts's, every leaf module is the class the core meant
// with cost.ts's parameters, and torch.fx traces every call to the shape the core infers and the
// comment states. Without torch only the name property runs.

import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { networkCost } from './cost';
import { inferShapes, type OkShape } from './infer';
import {
  activation,
  ACTIVATIONS,
  batchNorm,
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
  expectedCalls,
  expectedModules,
  expectedValues,
  sequentialEntries,
} from './testing/pytorchScript';
import { describeTorch, runTorch, type ScriptResult } from './testing/torch';

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
    flip: fc.boolean(),
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
  fc.record({ kind: fc.constant('batchNorm' as const), name: nameArb }),
  fc.record({ kind: fc.constant('layerNorm' as const), affine: fc.boolean(), name: nameArb }),
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
        trueConvolution: sp.flip,
      }),
    );
  }
  if (sp.kind === 'act') return named(activation(id, sp.fn, { alpha: sp.alpha }));
  if (sp.kind === 'batchNorm') return named(batchNorm(id));
  if (sp.kind === 'layerNorm')
    return named({ id, kind: 'layerNorm', eps: 1e-5, affine: sp.affine });
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
  it('one nn.Sequential entry per module, each with a shape comment; names add no line', () => {
    fc.assert(
      fc.property(networkArb, (net) => {
        const code = toPyTorch(net);
        expect(sequentialEntries(code)).toHaveLength(expectedModules(net).length);
        expect(commentShapes(code).every((s) => s !== null)).toBe(true);
        // Whatever the names, they add no line: each stays inside its one-line comment.
        expect(code.split('\n')).toHaveLength(toPyTorch(unnamed(net)).split('\n').length);
      }),
      { numRuns: 200 },
    );
  });
});

describeTorch('toPyTorch: random sequential stacks under real PyTorch', () => {
  const nets = fc.sample(networkArb, { numRuns: 150, seed: 20240611 });
  const codes = nets.map((n) => toPyTorch(n));
  let runs: ScriptResult[] = [];
  beforeAll(() => {
    runs = runTorch({ scripts: codes.map((code) => ({ code, trace: true })) }).scripts;
  }, 120_000);

  it('150 scripts run and print the expected output shape and parameter total (cost.ts)', () => {
    nets.forEach((net, i) => {
      const run = runs[i];
      expect([i, run.ok, run.error]).toEqual([i, true, undefined]);
      const inference = inferShapes(net);
      const out = (inference.layers.at(-1) as OkShape | undefined)?.shape ?? inference.inputShape;
      const params = networkCost(inference).params;
      expect([i, expectedValues(codes[i])]).toEqual([i, { shape: [...out], params }]);
      expect([i, run.printed]).toEqual([
        i,
        [`torch.Size([${out.join(', ')}])`, `${params} parameters`],
      ]);
    });
  });

  it("every leaf module is the class the core declares, with cost.ts's parameters", () => {
    nets.forEach((net, i) => {
      const want = expectedModules(net);
      const got = runs[i].modules!.map((m, j) => ({
        id: want[j]?.id,
        type: m.type,
        params: m.params,
      }));
      expect([i, got]).toEqual([i, want]);
    });
  });

  it('every call outputs the shape the core infers and its comment states (torch.fx)', () => {
    nets.forEach((net, i) => {
      const want = expectedCalls(net);
      const traced = runs[i].trace!;
      expect([i, traced.map((t, j) => ({ id: want[j]?.id, shape: t.shape }))]).toEqual([i, want]);
      expect([i, commentShapes(codes[i])]).toEqual([i, traced.map((t) => t.shape)]);
    });
  });
});
