import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inferShapes } from './infer';
import {
  activation,
  conv2d,
  pair,
  pool2d,
  type Layer,
  type Network,
  type PaddingMode,
} from './layers';
import { receptiveFields, unitBox } from './receptiveField';
import { countAt, spatialCounts, unitField } from './unitField';
import { conv, forward, net, rng, type Vol } from './testing/unitFieldReference';

// ---- Property: unitField agrees with perturbing a tiny float64 reference forward ----------
// Sequential nets of conv / average pooling / activation (max pooling hides perturbations).
// Two weight settings per case: random non-zero weights with leaky ReLU (the dependency set),
// and all-ones weights, sum pooling, identity activations, where the change in the unit from
// +1 at a cell equals exactly the number of paths from the unit to that cell.

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
