import { describe, expect, test } from 'vitest';
import { inferShapes } from '../infer';
import { getPreset, PRESETS } from './index';
import { preset, lastShape, cost } from '../testing/presetHelpers';

/** Learnable parameters of each preset, to the unit, as its reference reports them. */
const PARAMS: Record<string, number> = {
  lenet5: 61_706,
  alexnet: 61_100_840,
  vgg16: 138_357_544,
  googlenet: 6_624_904,
  resnet18: 11_689_512,
  resnet50: 25_557_032,
  mobilenet_v1: 4_231_976,
  tinyvgg: 19_920,
  teach_two_3x3: 20,
  teach_conv32_pad2: 760,
  teach_7x7_s1: 10,
  teach_7x7_s2: 10,
  teach_7x7_s3: 10,
  teach_5x5_exercise: 9,
  teach_maxpool_4x4: 0,
  teach_dilation: 30,
};

describe('catalogue', () => {
  test('ids are unique, classic presets come before teaching ones, and getPreset finds each', () => {
    const ids = PRESETS.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(Object.keys(PARAMS));
    const firstTeaching = PRESETS.findIndex((p) => p.group === 'teaching');
    expect(PRESETS.slice(firstTeaching).every((p) => p.group === 'teaching')).toBe(true);
    for (const p of PRESETS) expect(getPreset(p.id)).toBe(p);
    expect(getPreset('nope')).toBeUndefined();
  });

  test.each(PRESETS.map((p) => [p.id, p] as const))(
    '%s: title, description and reference',
    (_, p) => {
      expect(p.title.length).toBeGreaterThan(0);
      expect(p.description.length).toBeGreaterThan(20);
      expect(p.reference.length).toBeGreaterThan(0);
      if (p.group === 'classic') expect(p.referenceParams).toBe(PARAMS[p.id]);
    },
  );
});

/**
 * Layers with a FitWarning. A 1×1 conv with stride 2 (ResNet's projection shortcut) reads only
 * the even rows and columns: the warning is true, and a known property of torchvision's ResNet.
 */
const RESNET_DOWNSAMPLE = [
  'layer2.0.downsample.0',
  'layer3.0.downsample.0',
  'layer4.0.downsample.0',
];
const EXPECTED_WARNINGS: Record<string, readonly string[]> = {
  resnet18: RESNET_DOWNSAMPLE,
  resnet50: RESNET_DOWNSAMPLE,
  teach_7x7_s3: ['conv'],
};

describe.each(PRESETS.map((p) => [p.id, p] as const))('%s', (id, p) => {
  test('layer ids are unique and none is "input"', () => {
    const ids = p.network.layers.map((l) => l.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).not.toContain('input');
  });

  test('shape inference is valid, with no structural problems', () => {
    const inf = inferShapes(p.network);
    expect(inf.graph.problems).toEqual([]);
    expect(inf.layers.filter((l) => l.status !== 'ok').map((l) => l.id)).toEqual([]);
    expect(inf.valid).toBe(true);
  });

  test(`params = ${PARAMS[id].toLocaleString('en-US')}`, () => {
    expect(cost(p).params).toBe(PARAMS[id]);
  });

  test("doesn't-fit warnings only on teach_7x7_s3's conv and ResNet's 1×1 stride-2 downsample convs", () => {
    const warned = inferShapes(p.network)
      .layers.filter((l) => l.status === 'ok' && l.warnings.length > 0)
      .map((l) => l.id);
    expect(warned).toEqual(EXPECTED_WARNINGS[id] ?? []);
  });
});

describe('output shapes', () => {
  test.each(['alexnet', 'vgg16', 'googlenet', 'resnet18', 'resnet50', 'mobilenet_v1'])(
    '%s → [1, 1000]',
    (id) => expect(lastShape(preset(id))).toEqual([1, 1000]),
  );
  test.each(['lenet5', 'tinyvgg'])('%s → [1, 10]', (id) => {
    expect(lastShape(preset(id))).toEqual([1, 10]);
  });
});
