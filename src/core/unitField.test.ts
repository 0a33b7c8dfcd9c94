import { describe, expect, it } from 'vitest';
import { inferShapes } from './infer';
import { linear, simple, type Layer, type Network } from './layers';
import {
  countAt,
  spatialCounts,
  spatialMask,
  unitField,
  type LayerDependency,
  type UnitRef,
} from './unitField';
import { conv, net } from './testing/unitFieldReference';

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
