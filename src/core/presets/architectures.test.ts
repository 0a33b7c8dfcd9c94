import { describe, expect, test } from 'vitest';
import type { Conv2dLayer } from '../layers';
import { preset, okLayer, shapeOf, cost } from '../testing/presetHelpers';

/** Learnable parameters of each preset, to the unit, as its reference reports them. */
describe('lenet5', () => {
  test('1×32×32 → c1 6×28×28 → s2 6×14×14 → c3 16×10×10 → s4 16×5×5 → c5 120×1×1', () => {
    const p = preset('lenet5');
    expect(shapeOf(p, 'c1')).toEqual([6, 28, 28]);
    expect(shapeOf(p, 's2')).toEqual([6, 14, 14]);
    expect(shapeOf(p, 'c3')).toEqual([16, 10, 10]);
    expect(shapeOf(p, 's4')).toEqual([16, 5, 5]);
    expect(shapeOf(p, 'c5')).toEqual([120, 1, 1]);
    expect(shapeOf(p, 'f6')).toEqual([84]);
  });
  test('params by hand: 156 + 2,416 + 48,120 + 10,164 + 850 = 61,706', () => {
    const hand =
      (1 * 25 + 1) * 6 + (6 * 25 + 1) * 16 + (16 * 25 + 1) * 120 + (120 + 1) * 84 + (84 + 1) * 10;
    expect(hand).toBe(61_706);
    expect(cost(preset('lenet5')).params).toBe(hand);
  });
});

describe('alexnet', () => {
  test('conv1 → 64×55×55, pool1 → 64×27×27, pool5 → 256×6×6, flatten → 9216', () => {
    const p = preset('alexnet');
    expect(shapeOf(p, 'conv1')).toEqual([64, 55, 55]);
    expect(shapeOf(p, 'pool1')).toEqual([64, 27, 27]);
    expect(shapeOf(p, 'conv2')).toEqual([192, 27, 27]);
    expect(shapeOf(p, 'pool2')).toEqual([192, 13, 13]);
    expect(shapeOf(p, 'conv5')).toEqual([256, 13, 13]);
    expect(shapeOf(p, 'pool5')).toEqual([256, 6, 6]);
    expect(shapeOf(p, 'flatten')).toEqual([9216]);
  });
});

describe('vgg16', () => {
  test('13 convs + 3 linear; pool1 → 64×112×112, pool5 → 512×7×7, flatten → 25088', () => {
    const p = preset('vgg16');
    const kinds = p.network.layers.map((l) => l.kind);
    expect(kinds.filter((k) => k === 'conv2d')).toHaveLength(13);
    expect(kinds.filter((k) => k === 'linear')).toHaveLength(3);
    expect(shapeOf(p, 'pool1')).toEqual([64, 112, 112]);
    expect(shapeOf(p, 'conv3_3')).toEqual([256, 56, 56]);
    expect(shapeOf(p, 'pool5')).toEqual([512, 7, 7]);
    expect(shapeOf(p, 'flatten')).toEqual([25088]);
  });
});

describe('googlenet', () => {
  const p = preset('googlenet');
  test('ceil-mode pools: maxpool1 → 64×56×56, maxpool2 → 192×28×28, maxpool3 → 480×14×14, maxpool4 → 832×7×7', () => {
    expect(shapeOf(p, 'conv1.relu')).toEqual([64, 112, 112]);
    expect(shapeOf(p, 'maxpool1')).toEqual([64, 56, 56]);
    expect(shapeOf(p, 'maxpool2')).toEqual([192, 28, 28]);
    expect(shapeOf(p, 'maxpool3')).toEqual([480, 14, 14]);
    expect(shapeOf(p, 'maxpool4')).toEqual([832, 7, 7]);
  });
  test.each([
    ['inception3a', 256, 28, 28],
    ['inception3b', 480, 28, 28],
    ['inception4a', 512, 14, 14],
    ['inception4d', 528, 14, 14],
    ['inception4e', 832, 14, 14],
    ['inception5a', 832, 7, 7],
    ['inception5b', 1024, 7, 7],
  ] as const)('%s → %i×%i×%i', (id, c, h, w) => {
    expect(shapeOf(p, id)).toEqual([c, h, w]);
  });
  test('inception3a concatenates 64 + 128 + 32 + 32 channels from four branches', () => {
    const cat = okLayer(p, 'inception3a');
    expect(cat.inputs).toHaveLength(4);
    expect(cat.inputShapes.map((s) => s[1])).toEqual([64, 128, 32, 32]);
  });
  test('the "5×5" branch uses a 3×3 kernel with padding 1 (torchvision quirk); BN eps 0.001', () => {
    const conv = p.network.layers.find((l) => l.id === 'inception3a.b3.conv') as Conv2dLayer;
    expect(conv.kernel).toEqual([3, 3]);
    expect(conv.padding).toEqual([1, 1]);
    expect(conv.bias).toBe(false);
    const bns = p.network.layers.filter((l) => l.kind === 'batchNorm');
    expect(bns.every((l) => l.kind === 'batchNorm' && l.eps === 0.001)).toBe(true);
  });
});

describe('resnet', () => {
  test('resnet18: maxpool → 64×56×56, layer1 → 64×56×56, layer2 → 128×28×28, layer3 → 256×14×14, layer4 → 512×7×7', () => {
    const p = preset('resnet18');
    expect(shapeOf(p, 'conv1')).toEqual([64, 112, 112]);
    expect(shapeOf(p, 'maxpool')).toEqual([64, 56, 56]);
    expect(shapeOf(p, 'layer1.1.relu2')).toEqual([64, 56, 56]);
    expect(shapeOf(p, 'layer2.1.relu2')).toEqual([128, 28, 28]);
    expect(shapeOf(p, 'layer3.1.relu2')).toEqual([256, 14, 14]);
    expect(shapeOf(p, 'layer4.1.relu2')).toEqual([512, 7, 7]);
    // Only the first block of layers 2-4 projects its shortcut.
    const ds = p.network.layers.filter((l) => l.id.endsWith('.downsample.0')).map((l) => l.id);
    expect(ds).toEqual(['layer2.0.downsample.0', 'layer3.0.downsample.0', 'layer4.0.downsample.0']);
    expect(okLayer(p, 'layer1.0.add').inputs).toEqual(['layer1.0.bn2', 'maxpool']);
  });
  test('resnet50: layer1 → 256×56×56, layer2 → 512×28×28, layer3 → 1024×14×14, layer4 → 2048×7×7', () => {
    const p = preset('resnet50');
    expect(shapeOf(p, 'layer1.2.relu3')).toEqual([256, 56, 56]);
    expect(shapeOf(p, 'layer2.3.relu3')).toEqual([512, 28, 28]);
    expect(shapeOf(p, 'layer3.5.relu3')).toEqual([1024, 14, 14]);
    expect(shapeOf(p, 'layer4.2.relu3')).toEqual([2048, 7, 7]);
    expect(shapeOf(p, 'flatten')).toEqual([2048]);
    const ds = p.network.layers.filter((l) => l.id.endsWith('.downsample.0')).map((l) => l.id);
    expect(ds).toEqual([
      'layer1.0.downsample.0',
      'layer2.0.downsample.0',
      'layer3.0.downsample.0',
      'layer4.0.downsample.0',
    ]);
  });
  test('resnet50 is v1.5: the stride sits on the 3×3 conv2, not the 1×1 conv1', () => {
    const p = preset('resnet50');
    const conv = (id: string) => p.network.layers.find((l) => l.id === id) as Conv2dLayer;
    expect(conv('layer2.0.conv1').stride).toEqual([1, 1]);
    expect(conv('layer2.0.conv2').stride).toEqual([2, 2]);
    expect(conv('layer2.0.downsample.0').stride).toEqual([2, 2]);
    expect(shapeOf(p, 'layer2.0.conv1')).toEqual([128, 56, 56]);
    expect(shapeOf(p, 'layer2.0.conv2')).toEqual([128, 28, 28]);
  });
  test.each(['resnet18', 'resnet50'])('%s: every conv is bias-free', (id) => {
    const convs = preset(id).network.layers.filter((l): l is Conv2dLayer => l.kind === 'conv2d');
    expect(convs.every((l) => !l.bias)).toBe(true);
  });
});

describe('mobilenet_v1', () => {
  const p = preset('mobilenet_v1');
  test('buffers = 21,888 (BN running stats, Keras "non-trainable"); params + buffers = Keras total 4,253,864', () => {
    const c = cost(p);
    expect(c.buffers).toBe(21_888);
    expect(c.params + c.buffers).toBe(4_253_864);
  });
  test('224 → conv1 32×112×112 → … → conv_pw_13 1024×7×7 → conv_preds 1000×1×1', () => {
    expect(shapeOf(p, 'conv1_relu')).toEqual([32, 112, 112]);
    expect(shapeOf(p, 'conv_pw_1_relu')).toEqual([64, 112, 112]);
    expect(shapeOf(p, 'conv_dw_2')).toEqual([64, 56, 56]);
    expect(shapeOf(p, 'conv_pw_3_relu')).toEqual([128, 56, 56]);
    expect(shapeOf(p, 'conv_pw_5_relu')).toEqual([256, 28, 28]);
    expect(shapeOf(p, 'conv_pw_11_relu')).toEqual([512, 14, 14]);
    expect(shapeOf(p, 'conv_pw_13_relu')).toEqual([1024, 7, 7]);
    expect(shapeOf(p, 'conv_preds')).toEqual([1000, 1, 1]);
  });
  test('depthwise convs have groups = channels; 13 of them; ReLU6 everywhere', () => {
    const dws = p.network.layers.filter(
      (l): l is Conv2dLayer => l.id.match(/^conv_dw_\d+$/) !== null,
    );
    expect(dws).toHaveLength(13);
    for (const dw of dws) expect(dw.groups).toBe(okLayer(p, dw.id).inputShapes[0][1]);
    const acts = p.network.layers.filter((l) => l.kind === 'activation');
    expect(acts.every((l) => l.kind === 'activation' && l.fn === 'relu6')).toBe(true);
  });
});

describe('tinyvgg', () => {
  test('3×64×64 → 10×62×62 → 10×60×60 → 10×30×30 → 10×28×28 → 10×26×26 → 10×13×13 → 1690', () => {
    const p = preset('tinyvgg');
    expect(shapeOf(p, 'conv_1_1')).toEqual([10, 62, 62]);
    expect(shapeOf(p, 'conv_1_2')).toEqual([10, 60, 60]);
    expect(shapeOf(p, 'max_pool_1')).toEqual([10, 30, 30]);
    expect(shapeOf(p, 'conv_2_1')).toEqual([10, 28, 28]);
    expect(shapeOf(p, 'conv_2_2')).toEqual([10, 26, 26]);
    expect(shapeOf(p, 'max_pool_2')).toEqual([10, 13, 13]);
    expect(shapeOf(p, 'flatten')).toEqual([1690]);
  });
  test('params by hand: 280 + 3 · 910 + 16,910 = 19,920', () => {
    const first = 3 * 3 * 3 * 10 + 10; // 280
    const rest = 10 * 3 * 3 * 10 + 10; // 910
    const dense = 10 * 13 * 13 * 10 + 10; // 16,910
    expect(first + 3 * rest + dense).toBe(19_920);
    expect(cost(preset('tinyvgg')).params).toBe(first + 3 * rest + dense);
  });
});

/** Receptive field of the last layer of a chain: r += (k − 1)·d·j, j *= s, per the window info. */
