// ONNX nodes → the core's layers: what each supported node becomes, what folds into what, the
// ids made from node names, and the nodes refused with their names.

import { describe, expect, it } from 'vitest';
import type { Conv2dLayer, Layer } from '../layers';
import { importOnnx, tryImportOnnx } from './importModel';
import { fixtureBytes } from './testing/fixtures';
import { float, model, node, ramp, tensor, type ModelSpec } from './testing/build';

const layers = (spec: ModelSpec): Layer[] => [...importOnnx(model(spec)).network.layers];
const refusal = (spec: ModelSpec) => {
  const r = tryImportOnnx(model(spec));
  if (r.ok) throw new Error('expected a refusal');
  return r.message;
};
const convW = (cout = 2, cin = 3, k = 3) =>
  tensor('w', [cout, cin, k, k], ramp(cout * cin * k * k));
const conv = (input: string, attrs: Parameters<typeof node>[3] = {}, out = 'output') =>
  node('Conv', [input, 'w'], [out], { kernel_shape: [3, 3], ...attrs }, 'conv');

describe('the PyTorch fixtures', () => {
  it('LeNet-5: 13 layers with the module names as ids, 61,706 parameters, zero Pads skipped', () => {
    const r = importOnnx(fixtureBytes('lenet5'));
    expect(r.network.input).toEqual({ n: 1, c: 1, h: 32, w: 32 });
    expect(r.network.layers.map((l) => `${l.id}:${l.kind}`)).toEqual([
      'c1:conv2d',
      'Tanh:activation',
      's2:avgPool2d',
      'c3:conv2d',
      'Tanh_1:activation',
      's4:avgPool2d',
      'c5:conv2d',
      'Tanh_2:activation',
      'Flatten:flatten',
      'f6:linear',
      'Tanh_3:activation',
      'output:linear',
      'Softmax:softmax',
    ]);
    expect(r.params).toBe(61_706);
    expect(r.notes).toEqual([
      "batch size 'batch' set to 1",
      'Pad nodes of zero width skipped (×2)',
    ]);
    expect(r.network.layers.every((l) => l.inputs === undefined)).toBe(true);
  });
  it('the ResNet block: BN folded into the convs by the exporter, the skip as an add of conv2 and the input', () => {
    const r = importOnnx(fixtureBytes('resnet_block'));
    const add = r.network.layers.find((l) => l.kind === 'add')!;
    expect(add.inputs).toEqual(['conv2', 'input']);
    expect((r.network.layers[0] as Conv2dLayer).bias).toBe(true);
  });
  it('the MobileNet block: a real BatchNormalization, depthwise groups, Relu + Clip as one ReLU6', () => {
    const r = importOnnx(fixtureBytes('mobilenet_block'));
    expect(r.network.layers.map((l) => (l.kind === 'activation' ? l.fn : l.kind))).toEqual([
      'batchNorm',
      'conv2d',
      'relu6',
      'conv2d',
      'relu6',
    ]);
    expect((r.network.layers[1] as Conv2dLayer).groups).toBe(8);
    expect(Object.keys(r.weights.norm)).toEqual(['gamma', 'beta', 'runningMean', 'runningVar']);
  });
  it('the mixed model: a reflection Pad built from shape arithmetic folds into the conv', () => {
    const r = importOnnx(fixtureBytes('mixed'));
    const c = r.network.layers[0] as Conv2dLayer;
    expect([c.padding, c.paddingMode]).toEqual([[1, 1], 'reflect']);
    expect(r.network.layers.find((l) => l.id === 'pool')).toMatchObject({
      ceilMode: true,
      padding: [1, 1],
    });
    expect(r.network.layers.find((l) => l.id === 'avg')).toMatchObject({ countIncludePad: false });
    expect(r.network.layers.find((l) => l.id === 'LeakyRelu')).toMatchObject({ alpha: 0.2 });
    expect(r.notes).toContain('Reshape to [N, -1] read as flatten');
  });
});

describe('convolution padding', () => {
  const base = { initializers: [convW()] };
  it('symmetric pads, dilation, stride and groups are kept', () => {
    const [c] = layers({
      ...base,
      nodes: [conv('input', { pads: [1, 2, 1, 2], strides: [2, 1], dilations: [1, 2] })],
    });
    expect(c).toMatchObject({
      kernel: [3, 3],
      padding: [1, 2],
      stride: [2, 1],
      dilation: [1, 2],
      bias: false,
    });
  });
  it("asymmetric pads equal to TensorFlow 'same' on this input become 'same'", () => {
    // 8 wide, kernel 3, stride 2: same needs 1 cell, at the end.
    const [c] = layers({
      ...base,
      nodes: [conv('input', { pads: [0, 0, 1, 1], strides: [2, 2] })],
    });
    expect((c as Conv2dLayer).padding).toBe('same');
  });
  it('other asymmetric pads are refused naming the node', () => {
    expect(refusal({ ...base, nodes: [conv('input', { pads: [1, 0, 0, 0] })] })).toMatch(
      /node 'conv' \(Conv\) pads asymmetrically \(top 1, left 0, bottom 0, right 0\)/,
    );
  });
  it('auto_pad SAME_UPPER and VALID', () => {
    expect(
      (layers({ ...base, nodes: [conv('input', { auto_pad: 'SAME_UPPER' })] })[0] as Conv2dLayer)
        .padding,
    ).toBe('same');
    expect(
      (layers({ ...base, nodes: [conv('input', { auto_pad: 'VALID' })] })[0] as Conv2dLayer)
        .padding,
    ).toBe('valid');
  });
  it('an edge Pad (opset 11+, pads as an input) folds in as replicate padding', () => {
    const [c] = layers({
      initializers: [convW(), tensor('pads', [8], [0, 0, 2, 1, 0, 0, 2, 1], 7)],
      nodes: [node('Pad', ['input', 'pads'], ['p'], { mode: 'edge' }), conv('p')],
    });
    expect([(c as Conv2dLayer).padding, (c as Conv2dLayer).paddingMode]).toEqual([
      [2, 1],
      'replicate',
    ]);
  });
  it('a Pad before something other than a conv or average pool is refused naming the Pad', () => {
    expect(
      refusal({
        initializers: [tensor('pads', [8], [0, 0, 1, 1, 0, 0, 1, 1], 7)],
        nodes: [
          node('Pad', ['input', 'pads'], ['p'], { mode: 'reflect' }, 'pad1'),
          node('Relu', ['p'], ['output'], {}, 'r'),
        ],
      }),
    ).toMatch(/node 'pad1' \(Pad\) pads \(reflect\) the input of node 'r' \(Relu\)/);
  });
  it('an asymmetric reflect Pad that is not "same" is refused', () => {
    expect(
      refusal({
        initializers: [convW(), tensor('pads', [8], [0, 0, 1, 0, 0, 0, 0, 0], 7)],
        nodes: [node('Pad', ['input', 'pads'], ['p'], { mode: 'reflect' }), conv('p')],
      }),
    ).toMatch(/pads asymmetrically/);
  });
});

describe('other nodes', () => {
  const fc = (extra: ModelSpec['nodes'], inits: ModelSpec['initializers'] = []) => ({
    input: [1, 2, 2, 2] as number[],
    nodes: [node('Flatten', ['input'], ['f'], { axis: 1 }), ...extra],
    initializers: inits,
  });
  it('MatMul + Add become one linear layer with its bias, the weight transposed to [out, in]', () => {
    const r = importOnnx(
      model(
        fc(
          [node('MatMul', ['f', 'W'], ['m']), node('Add', ['m', 'b'], ['output'])],
          [tensor('W', [8, 3], ramp(24)), tensor('b', [3], [1, 2, 3])],
        ),
      ),
    );
    const id = r.network.layers[1].id;
    expect(r.network.layers[1]).toMatchObject({ kind: 'linear', outFeatures: 3, bias: true });
    expect(r.weights[id].bias).toEqual([1, 2, 3]);
    expect(r.weights[id].weight!.slice(0, 3)).toEqual(
      [0, 3, 6].map((i) => Math.fround(ramp(24)[i])),
    );
  });
  it('Gemm with transB = 0 and alpha = 2 folds both into the weights', () => {
    const r = importOnnx(
      model(
        fc(
          [node('Gemm', ['f', 'W'], ['output'], { alpha: float(2) })],
          [tensor('W', [8, 3], ramp(24))],
        ),
      ),
    );
    expect(r.weights[r.network.layers[1].id].weight!.slice(0, 2)).toEqual(
      [0, 3].map((i) => 2 * Math.fround(ramp(24)[i])),
    );
    expect(r.notes).toContain('Gemm alpha/beta multiplied into the weights');
  });
  it('Clip(0, 6) with attribute bounds (opset 9) is ReLU6; Clip(−1, 1) is refused', () => {
    const [a] = layers({
      opset: 9,
      nodes: [node('Clip', ['input'], ['output'], { min: float(0), max: float(6) })],
    });
    expect(a).toMatchObject({ kind: 'activation', fn: 'relu6' });
    expect(
      refusal({
        opset: 9,
        nodes: [node('Clip', ['input'], ['output'], { min: float(-1), max: float(1) })],
      }),
    ).toMatch(/clips to \[-1, 1\]/);
  });
  it('Dropout is kept (with its ratio), Identity skipped, Sum of three inputs is one add', () => {
    const r = importOnnx(
      model({
        initializers: [tensor('ratio', [], [0.3])],
        nodes: [
          node('Dropout', ['input', 'ratio'], ['d']),
          node('Identity', ['d'], ['i']),
          node('Relu', ['i'], ['r']),
          node('Sum', ['d', 'i', 'r'], ['output']),
        ],
      }),
    );
    expect(r.network.layers.map((l) => l.kind)).toEqual(['dropout', 'activation', 'add']);
    expect(r.network.layers[0]).toMatchObject({ p: 0.3 });
    expect(r.network.layers[2].inputs).toHaveLength(3);
    expect(r.notes).toContain('Identity nodes skipped');
  });
  it('Softmax over channels of a 4-D map: opset 13 yes, opset 11 (flattening) no', () => {
    expect(layers({ nodes: [node('Softmax', ['input'], ['output'], { axis: 1 })] })[0].kind).toBe(
      'softmax',
    );
    expect(
      refusal({ opset: 11, nodes: [node('Softmax', ['input'], ['output'], { axis: 1 })] }),
    ).toMatch(/opset 11 flattens it first/);
  });
  it('Concat along the width and Reshape to other shapes are refused naming the node', () => {
    expect(
      refusal({ nodes: [node('Concat', ['input', 'input'], ['output'], { axis: 3 }, 'cat')] }),
    ).toMatch(/node 'cat' \(Concat\) joins along axis 3/);
    expect(
      refusal({
        initializers: [tensor('s', [3], [1, 3, 64], 7)],
        nodes: [node('Reshape', ['input', 's'], ['output'], {}, 'rs')],
      }),
    ).toMatch(/node 'rs' \(Reshape\) reshapes \[1, 3, 8, 8\] to \[1, 3, 64\]/);
  });
  it('weights computed in the graph are refused', () => {
    expect(
      refusal({
        nodes: [node('Relu', ['input'], ['w']), node('Conv', ['input', 'w'], ['output'], {}, 'c')],
      }),
    ).toMatch(/node 'c' \(Conv\) computes its weight in the graph/);
  });
  it('a kernel past the limits is refused with the setting in words', () => {
    const w = tensor('w', [1, 3, 65, 1], ramp(195));
    expect(
      refusal({
        input: [1, 3, 70, 8],
        initializers: [w],
        nodes: [node('Conv', ['input', 'w'], ['output'], {}, 'big')],
      }),
    ).toMatch(/node 'big' \(Conv\): kernel height: must be at most 64/);
  });
  it('ids: sanitized, unique, never "input"', () => {
    const ids = layers({
      nodes: [
        node('Relu', ['input'], ['a'], {}, 'input'),
        node('Relu', ['a'], ['b'], {}, 'x y<z>'),
        node('Relu', ['b'], ['c'], {}, 'x y<z>'),
        node('Relu', ['c'], ['output'], {}, ''),
      ],
    }).map((l) => l.id);
    expect(ids).toEqual(['input_2', 'x_y_z_', 'x_y_z__2', 'Relu']);
  });
  it('layers that do not feed the output are left out', () => {
    const r = importOnnx(
      model({ nodes: [node('Relu', ['input'], ['dead']), node('Sigmoid', ['input'], ['output'])] }),
    );
    expect(r.network.layers.map((l) => l.kind)).toEqual(['activation']);
    expect(r.notes).toContain('1 layer not feeding the output left out');
  });
});
