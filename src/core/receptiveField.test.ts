import { describe, expect, it } from 'vitest';
import { inferShapes } from './infer';
import {
  activation,
  batchNorm,
  conv2d,
  linear,
  pair,
  pool2d,
  simple,
  type Layer,
  type Network,
} from './layers';
import { receptiveFields, unitBox, type LayerRF } from './receptiveField';
import { unitField } from './unitField';

// Pairs throughout: the constructor options take number | Pair, spelled as pairs for the types.
type ConvOpts = { s?: number; p?: number; d?: number; inputs?: readonly string[] };
const conv = (id: string, out: number, k: number, o: ConvOpts = {}) =>
  conv2d(id, out, k, {
    stride: pair(o.s ?? 1),
    padding: pair(o.p ?? 0),
    dilation: pair(o.d ?? 1),
    ...(o.inputs ? { inputs: o.inputs } : {}),
  });
const net = (c: number, h: number, w: number, layers: Layer[]): Network => ({
  input: { n: 1, c, h, w },
  layers,
});
const rfs = (n: Network) => receptiveFields(inferShapes(n));
const rfOf = (n: Network, id: string): LayerRF => {
  const rf = rfs(n).get(id);
  if (!rf) throw new Error(`no receptive field for ${id}`);
  return rf;
};

describe('receptiveFields', () => {
  it('input_1x1: the input itself is one pixel, jump 1, centred on 0', () => {
    expect(rfOf(net(1, 5, 5, []), 'input')).toEqual({
      h: { size: 1, jump: 1, start: 0 },
      w: { size: 1, jump: 1, start: 0 },
      global: false,
      flat: false,
      misaligned: false,
    });
  });

  it('two_3x3_convs_8x8: 5×5 field, jump 1', () => {
    const rf = rfOf(net(1, 8, 8, [conv('a', 2, 3, { p: 1 }), conv('b', 2, 3, { p: 1 })]), 'b');
    expect(rf.h).toEqual({ size: 5, jump: 1, start: 0 });
    expect(rf.w).toEqual({ size: 5, jump: 1, start: 0 });
    expect(rf.global).toBe(false);
  });

  it('dilated_3x3_d1_d2_d4_32x32: fields 3, 7, 15 (padding = dilation keeps start 0)', () => {
    const n = net(1, 32, 32, [
      conv('d1', 1, 3, { p: 1, d: 1 }),
      conv('d2', 1, 3, { p: 2, d: 2 }),
      conv('d4', 1, 3, { p: 4, d: 4 }),
    ]);
    const all = rfs(n);
    expect(['d1', 'd2', 'd4'].map((id) => all.get(id)?.h.size)).toEqual([3, 7, 15]);
    expect(['d1', 'd2', 'd4'].map((id) => all.get(id)?.w.start)).toEqual([0, 0, 0]);
  });

  it('conv3_maxpool2s2_conv3_16x16: r = 8, j = 2', () => {
    // By hand (r, j, start), p = 0 everywhere:
    //   input             r = 1,               j = 1,     start = 0
    //   conv 3×3 s1       r = 1 + 2·1 = 3,     j = 1·1 = 1, start = 0 + (2/2)·1 = 1
    //   maxpool 2×2 s2    r = 3 + 1·1 = 4,     j = 1·2 = 2, start = 1 + (1/2)·1 = 1.5
    //   conv 3×3 s1       r = 4 + 2·2 = 8,     j = 2·1 = 2, start = 1.5 + (2/2)·2 = 3.5
    // so unit 0 sees pixels 3.5 ∓ 3.5 = 0..7.
    const n = net(1, 16, 16, [
      conv('c1', 1, 3),
      pool2d('p', 'maxPool2d', pair(2), { stride: pair(2) }),
      conv('c2', 1, 3),
    ]);
    const all = rfs(n);
    expect(all.get('c1')?.h).toEqual({ size: 3, jump: 1, start: 1 });
    expect(all.get('p')?.h).toEqual({ size: 4, jump: 2, start: 1.5 });
    expect(all.get('c2')?.h).toEqual({ size: 8, jump: 2, start: 3.5 });
    expect(unitBox(rfOf(n, 'c2'), 0, 1)).toEqual([0, 2, 7, 9]);
  });

  it('residual_two_3x3_plus_identity_4x8x8: union of 5×5 and 1×1 is 5×5', () => {
    const n = net(4, 8, 8, [
      conv('a', 4, 3, { p: 1 }),
      activation('r', 'relu'),
      conv('b', 4, 3, { p: 1 }),
      batchNorm('bn'),
      simple('sum', 'add', ['bn', 'input']),
    ]);
    const rf = rfOf(n, 'sum');
    expect(rf.h).toEqual({ size: 5, jump: 1, start: 0 });
    expect(rf.misaligned).toBe(false);
    expect(unitBox(rf, 0, 0)).toEqual([-2, -2, 2, 2]);
    // The union does not depend on the order of the inputs.
    const skipFirst = net(4, 8, 8, [
      ...n.layers.slice(0, 4),
      simple('sum', 'add', ['input', 'bn']),
    ]);
    expect(rfOf(skipFirst, 'sum')).toEqual(rf);
  });

  it('start_offsets_10x10: k3 p1 → 0, k3 p0 → 1, k3 p2 → −1, k2 p0 → 0.5', () => {
    const starts = [1, 0, 2].map(
      (p) => rfOf(net(1, 10, 10, [conv('c', 1, 3, { p })]), 'c').h.start,
    );
    expect(starts).toEqual([0, 1, -1]);
    const even = rfOf(net(1, 10, 10, [conv('c', 1, 2)]), 'c');
    expect(even.h).toEqual({ size: 2, jump: 1, start: 0.5 });
    expect(unitBox(even, 3, 4)).toEqual([3, 4, 4, 5]);
  });

  it('unitBox_k3_p0_s2_9x9: unit (y, x) covers rows 2y..2y+2, columns 2x..2x+2', () => {
    const rf = rfOf(net(1, 9, 9, [conv('c', 1, 3, { s: 2 })]), 'c');
    expect(unitBox(rf, 2, 3)).toEqual([4, 6, 6, 8]);
  });

  it('global_gap_flatten_linear_8x8: the padded input extent, flagged global', () => {
    const n = net(2, 8, 6, [
      conv('c', 3, 3, { p: 1 }),
      simple('gap', 'globalAvgPool'),
      simple('flat', 'flatten'),
      linear('fc', 4),
      simple('sm', 'softmax'),
    ]);
    const all = rfs(n);
    expect(all.get('c')?.global).toBe(false);
    expect(all.get('c')?.flat).toBe(false);
    for (const id of ['gap', 'flat', 'fc', 'sm']) {
      const rf = all.get(id);
      // The conv's units reach −1..8 (rows) and −1..6 (columns) with padding 1.
      expect(rf?.global).toBe(true);
      // No grid of positions: a 1×1 cell, then vectors. No neighbour, so no jump to show.
      expect(rf?.flat).toBe(true);
      expect(rf && unitBox(rf, 0, 0)).toEqual([-1, -1, 8, 6]);
    }
  });

  it('tinyvgg_like_64x64_flatten: flat (the jump 4·13 = 52 is bookkeeping, not a jump)', () => {
    // 64 → 62 → 60 → pool 30 → 28 → 26 → pool 13, jump 4: flatten and the linear are flat.
    const n = net(3, 64, 64, [
      conv('c1', 2, 3),
      conv('c2', 2, 3),
      pool2d('p1', 'maxPool2d', 2, { stride: 2 }),
      conv('c3', 2, 3),
      conv('c4', 2, 3),
      pool2d('p2', 'maxPool2d', 2, { stride: 2 }),
      simple('flatten', 'flatten'),
      linear('fc', 3),
    ]);
    const all = rfs(n);
    expect(all.get('p2')).toMatchObject({ flat: false, global: false, h: { jump: 4 } });
    expect(all.get('flatten')).toMatchObject({ flat: true, global: true });
    expect(all.get('fc')).toMatchObject({ flat: true, global: true });
  });

  it('layerNorm_after_stride2_6x6: global, not flat, neighbours still 2 pixels apart', () => {
    const n = net(1, 6, 6, [
      conv('c', 1, 1, { s: 2 }),
      { id: 'ln', kind: 'layerNorm', eps: 1e-5, affine: false },
    ]);
    const ln = rfOf(n, 'ln');
    expect(ln).toMatchObject({ global: true, flat: false });
    // Its 3×3 positions keep the conv's jump 2 (the old code reported 2·3 = 6).
    expect([ln.h.jump, ln.w.jump]).toEqual([2, 2]);
    expect(unitBox(ln, 0, 0)).toEqual([0, 0, 5, 5]);
  });

  it('gap_after_1x1_stride2_6x6: the frame counts even where no unit reaches (column 5)', () => {
    // Units 0, 2, 4 of the stride-2 conv reach pixels 0..4; the global field is the frame 0..5.
    const rf = rfOf(
      net(1, 6, 6, [conv('c', 1, 1, { s: 2 }), simple('gap', 'globalAvgPool')]),
      'gap',
    );
    expect(rf.h).toEqual({ size: 6, jump: 6, start: 2.5 });
  });

  it('layerNorm_6x6_is_global_softmax_4d_is_not', () => {
    const ln = rfOf(
      net(2, 6, 6, [{ id: 'ln', kind: 'layerNorm', eps: 1e-5, affine: false }]),
      'ln',
    );
    expect(ln.global).toBe(true);
    expect(unitBox(ln, 0, 0)).toEqual([0, 0, 5, 5]);
    const sm = rfOf(net(2, 6, 6, [simple('sm', 'softmax')]), 'sm');
    expect(sm.global).toBe(false);
    expect(sm.h.size).toBe(1);
  });

  it('concat_jump1_and_jump2_8x8: misaligned, reports the larger jump', () => {
    // A 1×1 stride-2 conv with padding 4 keeps 8 outputs on 8 inputs, at jump 2.
    const n = net(1, 8, 8, [
      conv('a', 1, 1, { inputs: ['input'] }),
      conv('b', 1, 1, { s: 2, p: 4, inputs: ['input'] }),
      simple('cat', 'concat', ['a', 'b']),
      activation('act', 'relu'),
    ]);
    const all = rfs(n);
    expect(all.get('b')?.h).toEqual({ size: 1, jump: 2, start: -4 });
    expect(all.get('cat')?.misaligned).toBe(true);
    expect(all.get('cat')?.h.jump).toBe(2);
    // Union of unit 0's fields: [0, 0] and [−4, −4] → −4..0, size 5.
    expect(all.get('cat')?.h.size).toBe(5);
    expect(all.get('act')?.misaligned).toBe(true);
  });

  it('error_and_blocked_4x4: null for a kernel larger than the input and what follows', () => {
    const all = rfs(
      net(1, 4, 4, [conv('ok', 1, 3, { p: 1 }), conv('big', 1, 9), conv('after', 1, 1)]),
    );
    expect(all.get('ok')).not.toBeNull();
    expect(all.get('big')).toBeNull();
    expect(all.get('after')).toBeNull();
    const badInput = rfs(net(1, 0, 4, [conv('c', 1, 1)]));
    expect([badInput.get('input'), badInput.get('c')]).toEqual([null, null]);
  });
});

describe('ceil mode: a pooling window larger than its input', () => {
  it('x=[1,1,2,2] conv 1×1 → avg 3 s=2 ceil → 1×1: field 3×3, the unit reads all 4 pixels', () => {
    const network: Network = {
      input: { n: 1, c: 1, h: 2, w: 2 },
      layers: [conv2d('c', 1, 1), pool2d('p', 'avgPool2d', 3, { stride: 2, ceilMode: true })],
    };
    const inference = inferShapes(network);
    expect(inference.valid).toBe(true);
    const rf = receptiveFields(inference).get('p')!;
    expect([rf.h.size, rf.h.jump, rf.h.start]).toEqual([3, 2, 1]);
    const field = unitField(network, inference, { layerId: 'p', c: 0, y: 0, x: 0 });
    expect(field.problem).toBeNull();
    expect(field.layers.get('input')!.pixelCount).toBe(4);
  });
});
