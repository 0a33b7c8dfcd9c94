import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inferShapes, type Inference } from './infer';
import {
  activation,
  conv2d,
  linear,
  pair,
  pool2d,
  simple,
  type Layer,
  type Network,
  type PaddingMode,
} from './layers';
import { receptiveFields, unitBox } from './receptiveField';
import {
  countAt,
  spatialCounts,
  spatialMask,
  unitField,
  type LayerDependency,
  type UnitRef,
} from './unitField';

type ConvOpts = {
  s?: number;
  p?: number | 'same';
  d?: number;
  g?: number;
  mode?: PaddingMode;
  inputs?: readonly string[];
};
const conv = (id: string, out: number, k: number | readonly [number, number], o: ConvOpts = {}) =>
  conv2d(id, out, typeof k === 'number' ? pair(k) : k, {
    stride: pair(o.s ?? 1),
    padding: o.p === 'same' ? 'same' : pair(o.p ?? 0),
    dilation: pair(o.d ?? 1),
    groups: o.g ?? 1,
    paddingMode: o.mode ?? 'zeros',
    ...(o.inputs ? { inputs: o.inputs } : {}),
  });
const net = (c: number, h: number, w: number, layers: Layer[]): Network => ({
  input: { n: 1, c, h, w },
  layers,
});
function field(n: Network, unit: UnitRef) {
  const r = unitField(n, inferShapes(n), unit);
  expect(r.problem).toBeNull();
  const dep = (id: string): LayerDependency => {
    const d = r.layers.get(id);
    if (!d) throw new Error(`no dependency for ${id}`);
    return d;
  };
  return { r, dep };
}
/** The H × W map of counts of channel c, as rows, for readable expectations. */
const rows = (d: LayerDependency, c: number) =>
  Array.from({ length: d.height }, (_, y) =>
    Array.from({ length: d.width }, (_, x) => countAt(d, c, y, x)),
  );
const pairsOf = (a: Int32Array) =>
  Array.from({ length: a.length / 2 }, (_, i) => [a[2 * i], a[2 * i + 1]]);

describe('unitField: hand-checked cases', () => {
  it('two_3x3_convs_1x7x7_centre: 25 pixels, 9 paths at the centre, 1 at a corner', () => {
    const n = net(1, 7, 7, [conv('a', 1, 3), conv('b', 1, 3)]);
    const { dep } = field(n, { layerId: 'b', c: 0, y: 1, x: 1 });
    const input = dep('input');
    expect(input.pixelCount).toBe(25);
    expect(input.bbox).toEqual({ top: 1, left: 1, bottom: 5, right: 5 });
    expect(countAt(input, 0, 3, 3)).toBe(9);
    expect(countAt(input, 0, 1, 1)).toBe(1);
    // Paths per pixel: the outer product of [1, 2, 3, 2, 1] with itself.
    const line = [0, 1, 2, 3, 2, 1, 0];
    expect(rows(input, 0)).toEqual(line.map((a) => line.map((b) => a * b)));
    expect(dep('a').pixelCount).toBe(9);
    expect(dep('b').pixelCount).toBe(1);
    expect(input.padding.length).toBe(0);
    expect(input.paddingBox).toBeNull();
  });

  it('dilated_3x3_d2_1x7x7: 9 pixels with gaps spread over a 5×5 box', () => {
    const { dep } = field(net(1, 7, 7, [conv('c', 1, 3, { d: 2 })]), {
      layerId: 'c',
      c: 0,
      y: 1,
      x: 0,
    });
    const input = dep('input');
    expect(input.pixelCount).toBe(9);
    expect(input.bbox).toEqual({ top: 1, left: 0, bottom: 5, right: 4 });
    const mask = spatialMask(input);
    expect(mask[2 * 7 + 1]).toBe(0); // a gap inside the box
    expect([1, 3, 5].every((y) => [0, 2, 4].every((x) => mask[y * 7 + x] === 1))).toBe(true);
  });

  it('depthwise_vs_dense_3x6x6: a depthwise unit reads its own channel only', () => {
    const dw = field(net(3, 6, 6, [conv('c', 3, 3, { g: 3 })]), { layerId: 'c', c: 1, y: 0, x: 0 });
    expect(dw.dep('input').segments.map((s) => [s.c0, s.c1])).toEqual([[1, 2]]);
    const dense = field(net(3, 6, 6, [conv('c', 3, 3)]), { layerId: 'c', c: 1, y: 0, x: 0 });
    expect(dense.dep('input').segments.map((s) => [s.c0, s.c1])).toEqual([[0, 3]]);
    // Channel multiplier 2 (6 outputs, 3 groups): output channel 3 belongs to group 1.
    const mult = field(net(3, 6, 6, [conv('c', 6, 3, { g: 3 })]), {
      layerId: 'c',
      c: 3,
      y: 0,
      x: 0,
    });
    expect(mult.dep('input').segments.map((s) => [s.c0, s.c1])).toEqual([[1, 2]]);
  });

  it('grouped_chain_4x5x5: a dense conv after a grouped one reaches back through every group', () => {
    const n = net(4, 5, 5, [conv('g', 4, 1, { g: 2 }), conv('d', 2, 1)]);
    const { dep } = field(n, { layerId: 'd', c: 0, y: 2, x: 2 });
    // Every input channel: 2 output channels of its group × 1 tap, each reached once from 'd'.
    expect(dep('input').segments.map((s) => [s.c0, s.c1])).toEqual([[0, 4]]);
    expect(countAt(dep('input'), 3, 2, 2)).toBe(2);
  });

  it('corner_unit_padding1_1x5x5: 4 image pixels, 5 positions in padding', () => {
    const { dep } = field(net(1, 5, 5, [conv('c', 1, 3, { p: 1 })]), {
      layerId: 'c',
      c: 0,
      y: 0,
      x: 0,
    });
    const input = dep('input');
    expect(input.pixelCount).toBe(4);
    expect(input.bbox).toEqual({ top: 0, left: 0, bottom: 1, right: 1 });
    expect(pairsOf(input.padding)).toEqual([
      [-1, -1],
      [-1, 0],
      [-1, 1],
      [0, -1],
      [1, -1],
    ]);
    expect(input.paddingBox).toEqual({ top: -1, left: -1, bottom: 1, right: 1 });
    expect([input.virtual.top, input.virtual.left, input.virtual.height]).toEqual([-1, -1, 3]);
    expect(spatialCounts(input).reduce((a, b) => a + b, 0)).toBe(4); // padding taps carry nothing
  });

  it('corner_unit_replicate_padding_1x5x5: padding taps land on the edge pixels they copy', () => {
    const n = net(1, 5, 5, [conv('c', 1, 3, { p: 1, mode: 'replicate' })]);
    const input = field(n, { layerId: 'c', c: 0, y: 0, x: 0 }).dep('input');
    expect(rows(input, 0).slice(0, 2)).toEqual([
      [4, 2, 0, 0, 0],
      [2, 1, 0, 0, 0],
    ]);
    expect(input.padding.length / 2).toBe(5); // still drawn as padding
  });

  it('concat_two_branches_2x6x6: a unit in the second branch depends only on that branch', () => {
    const n = net(2, 6, 6, [
      conv('a', 3, 1, { inputs: ['input'] }),
      conv('b', 2, 3, { p: 1, inputs: ['input'] }),
      simple('cat', 'concat', ['a', 'b']),
    ]);
    const second = field(n, { layerId: 'cat', c: 4, y: 2, x: 2 });
    expect(second.dep('a').pixelCount).toBe(0);
    expect(second.dep('a').segments).toEqual([]);
    expect(second.dep('b').segments.map((s) => [s.c0, s.c1])).toEqual([[1, 2]]);
    expect(second.dep('input').pixelCount).toBe(9);
    const first = field(n, { layerId: 'cat', c: 1, y: 2, x: 2 });
    expect(first.dep('b').pixelCount).toBe(0);
    expect(first.dep('input').pixelCount).toBe(1);
  });

  it('grouped_plus_skip_4x3x3: overlapping channel ranges are split and their counts added', () => {
    // Unit (0, 1, 1) of the add: the skip reads input channel 0 once; the grouped 1×1 conv
    // (2 groups of 2) reads input channels 0 and 1 once each. Channel 0: 2 paths, channel 1: 1.
    const n = net(4, 3, 3, [conv('g', 4, 1, { g: 2 }), simple('sum', 'add', ['g', 'input'])]);
    const input = field(n, { layerId: 'sum', c: 0, y: 1, x: 1 }).dep('input');
    expect(input.segments.map((s) => [s.c0, s.c1, s.counts[4]])).toEqual([
      [0, 1, 2],
      [1, 2, 1],
    ]);
    expect(input.pixelCount).toBe(1);
  });

  it('add_skip_1x4x4: a 1×1 branch plus identity reaches the pixel by 2 paths', () => {
    const n = net(1, 4, 4, [conv('c', 1, 1), simple('sum', 'add', ['c', 'input'])]);
    const input = field(n, { layerId: 'sum', c: 0, y: 1, x: 2 }).dep('input');
    expect(input.pixelCount).toBe(1);
    expect(countAt(input, 0, 1, 2)).toBe(2);
  });

  it('flatten_linear_2x3x4: a feature maps to one (c, y, x); a linear unit reads everything', () => {
    const n = net(2, 3, 4, [simple('flat', 'flatten'), linear('fc', 5)]);
    // Feature 17 = 1·12 + 1·4 + 1: channel 1, row 1, column 1.
    const one = field(n, { layerId: 'flat', c: 17, y: 0, x: 0 }).dep('input');
    expect(one.segments.map((s) => [s.c0, s.c1])).toEqual([[1, 2]]);
    expect(countAt(one, 1, 1, 1)).toBe(1);
    expect(one.pixelCount).toBe(1);
    const all = field(n, { layerId: 'fc', c: 3, y: 0, x: 0 }).dep('input');
    expect(all.segments.map((s) => [s.c0, s.c1])).toEqual([[0, 2]]);
    expect(all.pixelCount).toBe(12);
    expect(countAt(all, 1, 2, 3)).toBe(1);
  });

  it('gap_softmax4d_layerNorm_3x4x4: channel and position rules', () => {
    const gap = field(net(3, 4, 4, [simple('g', 'globalAvgPool')]), {
      layerId: 'g',
      c: 2,
      y: 0,
      x: 0,
    });
    expect(gap.dep('input').segments.map((s) => [s.c0, s.c1])).toEqual([[2, 3]]);
    expect(gap.dep('input').pixelCount).toBe(16);
    const sm = field(net(3, 4, 4, [simple('s', 'softmax')]), { layerId: 's', c: 0, y: 1, x: 3 });
    expect(sm.dep('input').segments.map((s) => [s.c0, s.c1])).toEqual([[0, 3]]);
    expect(sm.dep('input').bbox).toEqual({ top: 1, left: 3, bottom: 1, right: 3 });
    const ln: Layer = { id: 'ln', kind: 'layerNorm', eps: 1e-5, affine: true };
    const norm = field(net(3, 4, 4, [ln]), { layerId: 'ln', c: 0, y: 0, x: 0 });
    expect(norm.dep('input').segments.map((s) => [s.c0, s.c1])).toEqual([[0, 3]]);
    expect(norm.dep('input').pixelCount).toBe(16);
  });

  it('blocked_and_out_of_range_4x4: an empty result with a reason, never a throw', () => {
    const n = net(1, 4, 4, [conv('big', 1, 9), conv('after', 1, 1)]);
    const inf = inferShapes(n);
    for (const layerId of ['big', 'after', 'missing']) {
      const r = unitField(n, inf, { layerId, c: 0, y: 0, x: 0 });
      expect(r.layers.size).toBe(0);
      expect(r.problem).toMatch(/\w/);
    }
    const ok = net(1, 4, 4, [conv('c', 1, 3)]);
    expect(unitField(ok, inferShapes(ok), { layerId: 'c', c: 0, y: 2, x: 0 }).problem).toMatch(
      /outside/,
    );
  });
});

// ---- Property: unitField agrees with perturbing a tiny float64 reference forward ----------
// Sequential nets of conv / average pooling / activation (max pooling hides perturbations).
// Two weight settings per case: random non-zero weights with leaky ReLU (the dependency set),
// and all-ones weights, sum pooling, identity activations, where the change in the unit from
// +1 at a cell equals exactly the number of paths from the unit to that cell.

type Vol = { c: number; h: number; w: number; d: Float64Array };
type Spec =
  | {
      kind: 'conv';
      out: number;
      k: [number, number];
      s: [number, number];
      p: [number, number] | 'same';
      d: [number, number];
      g: number;
      mode: PaddingMode;
    }
  | { kind: 'pool'; k: [number, number]; s: [number, number]; p: [number, number]; ceil: boolean }
  | { kind: 'act' };

/** mulberry32: a tiny local seeded generator in [0, 1). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Explicitly padded copy: rows [-top, h + bottom), columns [-left, w + right). */
function padded(
  x: Vol,
  top: number,
  bottom: number,
  left: number,
  right: number,
  mode: PaddingMode,
): Vol {
  const [h, w] = [x.h + top + bottom, x.w + left + right];
  const d = new Float64Array(x.c * h * w);
  const src = (i: number, n: number): number | null =>
    i >= 0 && i < n
      ? i
      : mode === 'zeros'
        ? null
        : mode === 'replicate'
          ? Math.min(Math.max(i, 0), n - 1)
          : i < 0
            ? -i
            : 2 * (n - 1) - i;
  for (let c = 0; c < x.c; c++)
    for (let y = 0; y < h; y++)
      for (let xx = 0; xx < w; xx++) {
        const [sy, sx] = [src(y - top, x.h), src(xx - left, x.w)];
        if (sy !== null && sx !== null) d[(c * h + y) * w + xx] = x.d[(c * x.h + sy) * x.w + sx];
      }
  return { c: x.c, h, w, d };
}

/** Runs layers [from, end) of a sequential inference on x. */
function forward(
  inf: Inference,
  from: number,
  x: Vol,
  weights: Map<string, Float64Array>,
  ones: boolean,
): Vol {
  for (const s of inf.layers.slice(from)) {
    if (s.status !== 'ok') throw new Error('reference needs ok layers');
    const [, oc, oh, ow] = s.shape;
    const y: Vol = { c: oc, h: oh, w: ow, d: new Float64Array(oc * oh * ow) };
    const L = s.layer;
    if (L.kind === 'activation') {
      y.d = x.d.map((v) => (ones || v > 0 ? v : 0.1 * v));
    } else if (L.kind === 'conv2d' || L.kind === 'avgPool2d') {
      const win = s.window!;
      const mode = L.kind === 'conv2d' ? L.paddingMode : 'zeros';
      const P = padded(x, win.h.padBegin, win.h.padEnd, win.w.padBegin, win.w.padEnd, mode);
      const inPer = win.inChannels / win.groups;
      const outPer = win.outChannels / win.groups;
      const wt = weights.get(s.id);
      for (let co = 0; co < oc; co++)
        for (let oy = 0; oy < oh; oy++)
          for (let ox = 0; ox < ow; ox++) {
            let acc = 0;
            const cis =
              L.kind === 'conv2d'
                ? Array.from({ length: inPer }, (_, j) => Math.floor(co / outPer) * inPer + j)
                : [co];
            cis.forEach((ci, j) => {
              for (let ky = 0; ky < win.h.kernel; ky++)
                for (let kx = 0; kx < win.w.kernel; kx++) {
                  const [iy, ix] = [
                    oy * win.h.stride + ky * win.h.dilation,
                    ox * win.w.stride + kx * win.w.dilation,
                  ];
                  // Sum pooling stands for average pooling: a positive scale keeps the set.
                  const k = wt ? wt[((co * inPer + j) * win.h.kernel + ky) * win.w.kernel + kx] : 1;
                  // Ceil-mode windows hang past the end padding: those taps read nothing.
                  if (iy < P.h && ix < P.w) acc += k * P.d[(ci * P.h + iy) * P.w + ix];
                }
            });
            y.d[(co * oh + oy) * ow + ox] = acc + (wt && !ones ? wt[wt.length - 1] : 0);
          }
    }
    x = y;
  }
  return x;
}

function buildNet(c: number, h: number, w: number, specs: readonly Spec[]): Network | null {
  const layers: Layer[] = [];
  for (const [i, sp] of specs.entries()) {
    const prev = inferShapes(net(c, h, w, layers)).layers.at(-1);
    const cin = prev?.status === 'ok' ? prev.shape[1] : c;
    let layer: Layer;
    if (sp.kind === 'conv') {
      let g = sp.g;
      while (g > 1 && (cin % g !== 0 || sp.out % g !== 0)) g--;
      const padding = sp.p === 'same' ? 'same' : pair(sp.p);
      layer = conv2d(`l${i}`, sp.out, sp.k, {
        stride: sp.s,
        padding,
        dilation: sp.d,
        groups: g,
        paddingMode: sp.mode,
      });
    } else if (sp.kind === 'pool') {
      const p = pair([Math.min(sp.p[0], sp.k[0] >> 1), Math.min(sp.p[1], sp.k[1] >> 1)]);
      layer = pool2d(`l${i}`, 'avgPool2d', sp.k, { stride: sp.s, padding: p, ceilMode: sp.ceil });
    } else layer = activation(`l${i}`, 'leakyRelu', { alpha: 0.1 });
    if (inferShapes(net(c, h, w, [...layers, layer])).valid) layers.push(layer); // else skip it
  }
  return layers.length ? net(c, h, w, layers) : null;
}

const pairArb = (min: number, max: number) =>
  fc.tuple(fc.integer({ min, max }), fc.integer({ min, max }));
const convArb: fc.Arbitrary<Spec> = fc.record({
  kind: fc.constant('conv' as const),
  out: fc.integer({ min: 1, max: 4 }),
  k: pairArb(1, 3),
  s: pairArb(1, 3),
  p: fc.oneof(pairArb(0, 2), fc.constant('same' as const)),
  d: pairArb(1, 2),
  g: fc.integer({ min: 1, max: 4 }),
  mode: fc.constantFrom<PaddingMode>('zeros', 'replicate', 'reflect'),
});
const specArb: fc.Arbitrary<Spec> = fc.oneof(
  { arbitrary: convArb, weight: 2 },
  fc.record({
    kind: fc.constant('pool' as const),
    k: pairArb(1, 3),
    s: pairArb(1, 3),
    p: pairArb(0, 1),
    ceil: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('act' as const) }),
);

describe('unitField: property against a reference forward', () => {
  it('random_sequential_nets_le_2x10x10: perturbing a cell changes the unit iff it is in the field, by exactly its path count', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 }),
        pairArb(3, 10),
        fc.array(specArb, { minLength: 1, maxLength: 3 }),
        fc.integer(),
        fc.tuple(fc.nat(), fc.nat(), fc.nat()),
        (c, [h, w], specs, seed, [uc, uy, ux]) => {
          const n = buildNet(c, h, w, specs);
          fc.pre(n !== null);
          if (!n) return;
          const inf = inferShapes(n);
          const last = inf.layers[inf.layers.length - 1];
          if (last.status !== 'ok') throw new Error('buildNet keeps valid layers only');
          const [, C, H, W] = last.shape;
          const unit = { layerId: last.id, c: uc % C, y: uy % H, x: ux % W };
          const res = unitField(n, inf, unit);
          expect(res.problem).toBeNull();
          const rand = rng(seed);
          const weights = new Map<string, Float64Array>();
          const onesW = new Map<string, Float64Array>();
          for (const s of inf.layers) {
            if (s.status !== 'ok' || s.layer.kind !== 'conv2d' || !s.window) continue;
            const size =
              s.window.outChannels *
                (s.window.inChannels / s.window.groups) *
                s.window.h.kernel *
                s.window.w.kernel +
              1;
            weights.set(
              s.id,
              Float64Array.from({ length: size }, () => (rand() < 0.5 ? -1 : 1) * (0.5 + rand())),
            );
            onesW.set(s.id, new Float64Array(size).fill(1));
          }
          const at = (v: Vol) => v.d[(unit.c * v.h + unit.y) * v.w + unit.x];
          // Every upstream layer l (−1 = the input): perturb each of its cells, run the rest.
          for (let l = -1; l < inf.layers.length; l++) {
            const s = l < 0 ? null : inf.layers[l];
            const shape = s && s.status === 'ok' ? s.shape : inf.inputShape;
            const dep = res.layers.get(s ? s.id : 'input')!;
            for (const ones of [false, true]) {
              const base0: Vol = {
                c: shape[1],
                h: shape[2],
                w: shape[3],
                d: new Float64Array(shape[1] * shape[2] * shape[3]),
              };
              if (!ones) base0.d = base0.d.map(() => rand() * 2 - 1);
              const ws = ones ? onesW : weights;
              const base = at(forward(inf, l + 1, base0, ws, ones));
              for (let i = 0; i < base0.d.length; i++) {
                const bumped = { ...base0, d: base0.d.slice() };
                bumped.d[i] += 1;
                const delta = at(forward(inf, l + 1, bumped, ws, ones)) - base;
                const [cc, yy, xx] = [
                  Math.floor(i / (base0.h * base0.w)),
                  Math.floor(i / base0.w) % base0.h,
                  i % base0.w,
                ];
                const count = countAt(dep, cc, yy, xx);
                if (ones) expect(delta).toBeCloseTo(count, 6);
                else expect(Math.abs(delta) > 1e-9 * (1 + Math.abs(base))).toBe(count > 0);
              }
            }
          }
          // The virtual field (image without borders) spans exactly the closed-form box.
          const rf = receptiveFields(inf).get(last.id)!;
          const v = res.layers.get('input')!.virtual;
          expect([v.top, v.left, v.top + v.height - 1, v.left + v.width - 1]).toEqual(
            unitBox(rf, unit.y, unit.x),
          );
        },
      ),
      { numRuns: 300, seed: 20240611 },
    );
  }, 60_000); // ~2–3 s locally; generous for slow CI machines
});

describe('unitField: VGG-16 scale', () => {
  it('vgg16_13_convs_3x224x224_last_conv_unit: completes; field = receptiveFields box clipped to the image', () => {
    const layers: Layer[] = [];
    const blocks = [
      [64, 64],
      [128, 128],
      [256, 256, 256],
      [512, 512, 512],
      [512, 512, 512],
    ];
    blocks.forEach((chs, b) => {
      chs.forEach((ch, i) => {
        layers.push(
          conv(`conv${b + 1}_${i + 1}`, ch, 3, { p: 1 }),
          activation(`relu${b + 1}_${i + 1}`, 'relu'),
        );
      });
      if (b < 4) layers.push(pool2d(`pool${b + 1}`, 'maxPool2d', pair(2), { stride: pair(2) }));
    });
    const n = net(3, 224, 224, layers);
    const inf = inferShapes(n);
    expect(inf.valid).toBe(true);
    const rf = receptiveFields(inf).get('conv5_3')!;
    for (const [y, x] of [
      [7, 7],
      [0, 13],
    ]) {
      const res = unitField(n, inf, { layerId: 'conv5_3', c: 100, y, x });
      const input = res.layers.get('input')!;
      const [t, l, b, r] = unitBox(rf, y, x);
      const clip = {
        top: Math.max(t, 0),
        left: Math.max(l, 0),
        bottom: Math.min(b, 223),
        right: Math.min(r, 223),
      };
      expect(input.bbox).toEqual(clip);
      // 3×3 p1 convs and 2×2 s2 pools leave no gaps: the field fills its clipped box.
      expect(input.pixelCount).toBe((clip.bottom - clip.top + 1) * (clip.right - clip.left + 1));
      expect(input.segments.map((s) => [s.c0, s.c1])).toEqual([[0, 3]]);
      expect(res.layers.get('conv1_1')!.segments.map((s) => [s.c0, s.c1])).toEqual([[0, 64]]);
      expect(Number.isFinite(spatialCounts(input).reduce((a, v) => a + v, 0))).toBe(true);
    }
  }, 60_000);
});
