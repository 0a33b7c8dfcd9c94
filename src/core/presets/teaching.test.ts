import { describe, expect, test } from 'vitest';
import { inferShapes, type OkShape } from '../infer';
import type { Layer } from '../layers';
import { PRESETS } from './index';
import type { Preset } from './preset';
import { preset, okLayer, shapeOf, cost } from '../testing/presetHelpers';

/** Learnable parameters of each preset, to the unit, as its reference reports them. */
function receptiveFields(p: Preset): number[] {
  let r = 1;
  let j = 1;
  return inferShapes(p.network).layers.map((l) => {
    const a = (l as OkShape).window!.h;
    r += (a.kernel - 1) * a.dilation * j;
    j *= a.stride;
    return r;
  });
}

/** Plain cross-correlation of one channel, no padding, stride 1. */
function correlate(
  img: readonly number[],
  size: number,
  k: readonly number[],
  ks: number,
): number[] {
  const out: number[] = [];
  const o = size - ks + 1;
  for (let y = 0; y < o; y++) {
    for (let x = 0; x < o; x++) {
      let s = 0;
      for (let i = 0; i < ks; i++)
        for (let jj = 0; jj < ks; jj++) s += img[(y + i) * size + x + jj] * k[i * ks + jj];
      out.push(s);
    }
  }
  return out;
}

describe('teaching', () => {
  const teaching = PRESETS.filter((p) => p.group === 'teaching');

  test.each(teaching.filter((p) => p.input).map((p) => [p.id, p] as const))(
    '%s: input has n·c·h·w values',
    (_, p) => {
      const { n, c, h, w } = p.network.input;
      expect(p.input).toHaveLength(n * c * h * w);
    },
  );

  test.each(teaching.filter((p) => p.weights).map((p) => [p.id, p] as const))(
    "%s: every fixed weight has its layer's length",
    (_, p) => {
      for (const [id, fixed] of Object.entries(p.weights!)) {
        const ls = okLayer(p, id);
        const layer: Layer = ls.layer;
        const cin = ls.inputShapes[0][1];
        if (layer.kind === 'conv2d') {
          const expected =
            layer.outChannels * (cin / layer.groups) * layer.kernel[0] * layer.kernel[1];
          expect(fixed.weight).toHaveLength(expected);
          if (fixed.bias) expect(fixed.bias).toHaveLength(layer.outChannels);
          else expect(layer.bias).toBe(false);
        } else if (layer.kind === 'linear') {
          expect(fixed.weight).toHaveLength(layer.outFeatures * cin);
          if (fixed.bias) expect(fixed.bias).toHaveLength(layer.outFeatures);
        } else {
          throw new Error(`${p.id}: weights for '${id}', a ${layer.kind} layer`);
        }
      }
    },
  );

  test('teach_two_3x3: 1×7×7 → 5×5 → 3×3; receptive field of the last layer is 5×5', () => {
    const p = preset('teach_two_3x3');
    expect(shapeOf(p, 'conv1')).toEqual([1, 5, 5]);
    expect(shapeOf(p, 'conv2')).toEqual([1, 3, 3]);
    expect(receptiveFields(p)).toEqual([3, 5]);
  });

  test('teach_conv32_pad2: 3×32×32, ten 5×5 filters, pad 2 → 10×32×32, 760 params', () => {
    const p = preset('teach_conv32_pad2');
    expect(shapeOf(p, 'conv')).toEqual([10, 32, 32]);
    expect(cost(p).params).toBe((5 * 5 * 3 + 1) * 10);
  });

  test.each([
    ['teach_7x7_s1', 5, 5],
    ['teach_7x7_s2', 3, 3],
    ['teach_7x7_s3', 2, 2],
  ] as const)('%s: 1×7×7 → %i×%i', (id, h, w) => {
    expect(shapeOf(preset(id), 'conv')).toEqual([1, h, w]);
  });

  test("teach_7x7_s3: valid but the conv has a doesn't-fit warning on both axes (row/column 6 unseen)", () => {
    const p = preset('teach_7x7_s3');
    expect(inferShapes(p.network).valid).toBe(true);
    const w = okLayer(p, 'conv').warnings;
    expect(w.map((x) => x.axis)).toEqual(['height', 'width']);
    expect(w.every((x) => x.remainder === 1 && x.uncovered.join() === '6')).toBe(true);
  });

  test('teach_5x5_exercise: fixed X kernel, no bias → 3×3 output [[4,3,4],[2,4,3],[2,3,4]], top-left 4', () => {
    const p = preset('teach_5x5_exercise');
    expect(shapeOf(p, 'conv')).toEqual([1, 3, 3]);
    const out = correlate(p.input!, 5, p.weights!.conv.weight!, 3);
    expect(out[0]).toBe(4);
    expect(out).toEqual([4, 3, 4, 2, 4, 3, 2, 3, 4]);
  });

  test('teach_maxpool_4x4: 2×2 max pool stride 2 → [[6, 8], [3, 4]]', () => {
    const p = preset('teach_maxpool_4x4');
    expect(shapeOf(p, 'pool')).toEqual([1, 2, 2]);
    const x = p.input!;
    const out = [0, 2].flatMap((y) =>
      [0, 2].map((c) =>
        Math.max(x[y * 4 + c], x[y * 4 + c + 1], x[(y + 1) * 4 + c], x[(y + 1) * 4 + c + 1]),
      ),
    );
    expect(out).toEqual([6, 8, 3, 4]);
  });

  test('teach_dilation: dilations 1, 2, 4 keep 32×32; receptive field 3 → 7 → 15', () => {
    const p = preset('teach_dilation');
    for (const id of ['conv1', 'conv2', 'conv3']) expect(shapeOf(p, id)).toEqual([1, 32, 32]);
    expect(receptiveFields(p)).toEqual([3, 7, 15]);
  });
});
