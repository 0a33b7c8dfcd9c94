import { describe, expect, it } from 'vitest';
import { inferShapes } from './infer';
import {
  activation,
  ACTIVATIONS,
  batchNorm,
  conv2d,
  linear,
  pool2d,
  simple,
  type Layer,
  type Network,
} from './layers';
import { toPyTorch } from './pytorch';
import { pyFloat } from './pytorchModules';
import { commentText, NameAllocator, pyIdentifier } from './pytorchNames';
import {
  commentShapes,
  forwardStatements,
  initLines,
  sequentialEntries,
  splitComment,
} from './testing/pytorchScript';

const net = (c: number, h: number, w: number, layers: Layer[]): Network => ({
  input: { n: 1, c, h, w },
  layers,
});

/** The code of each nn.Sequential entry. */
const entries = (network: Network) =>
  sequentialEntries(toPyTorch(network)).map((l) => splitComment(l).code.trim());

describe("padding: the core's window, exactly", () => {
  it("'same' with stride 2 on an even size pads (0, 1): an explicit ZeroPad2d, then padding 0", () => {
    const n = net(1, 8, 8, [conv2d('c', 4, 3, { stride: 2, padding: 'same' })]);
    const win = inferShapes(n).byId.get('c');
    expect(win?.status === 'ok' && [win.window!.h.padBegin, win.window!.h.padEnd]).toEqual([0, 1]);
    expect(entries(n)).toEqual([
      'nn.ZeroPad2d((0, 1, 0, 1)),',
      'nn.Conv2d(1, 4, kernel_size=(3, 3), stride=(2, 2), padding=(0, 0)),',
    ]);
    const code = toPyTorch(n);
    expect(commentShapes(code)).toEqual([
      [1, 1, 9, 9],
      [1, 4, 4, 4],
    ]);
    // PyTorch's padding='same' keeps the size and refuses stride 2: the comment says what
    // TensorFlow-style 'same' gives instead.
    expect(splitComment(sequentialEntries(code)[0]).comment).toBe(
      "c: 'same' padding, TensorFlow style: ⌈I/S⌉ = ⌈8/2⌉×⌈8/2⌉ = 4×4; " +
        'padding (left, right, top, bottom) = (0, 1, 0, 1) -> [1, 1, 9, 9]',
    );
    expect(splitComment(sequentialEntries(code)[1]).comment).toBe('c -> [1, 4, 4, 4]');
  });

  it("symmetric 'same' with stride 2 is Conv2d's own padding; the comment still says ⌈I/S⌉", () => {
    const code = toPyTorch(net(1, 7, 7, [conv2d('c', 4, 3, { stride: 2, padding: 'same' })]));
    expect(sequentialEntries(code)).toEqual([
      "    nn.Conv2d(1, 4, kernel_size=(3, 3), stride=(2, 2), padding=(1, 1)),  # c: 'same' padding, TensorFlow style: ⌈I/S⌉ = ⌈7/2⌉×⌈7/2⌉ = 4×4 -> [1, 4, 4, 4]",
    ]);
  });

  it("'same' with an even kernel pads (1, 2); different per axis in (left, right, top, bottom)", () => {
    expect(entries(net(1, 8, 8, [conv2d('c', 1, 4, { padding: 'same' })]))[0]).toBe(
      'nn.ZeroPad2d((1, 2, 1, 2)),',
    );
    // Height 3 pads (1, 1), width 2 pads (0, 1): PyTorch's order is (left, right, top, bottom).
    const rect = net(1, 8, 9, [conv2d('c', 1, [3, 2], { padding: 'same' })]);
    expect(entries(rect)[0]).toBe('nn.ZeroPad2d((0, 1, 1, 1)),');
    expect(commentShapes(toPyTorch(rect))).toEqual([
      [1, 1, 10, 10],
      [1, 1, 8, 9],
    ]);
  });

  it("symmetric 'same' and 'valid' become Conv2d's own integer padding", () => {
    expect(entries(net(2, 8, 8, [conv2d('c', 2, 3, { padding: 'same' })]))).toEqual([
      'nn.Conv2d(2, 2, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1)),',
    ]);
    expect(entries(net(2, 8, 8, [conv2d('c', 2, 3, { padding: 'valid', dilation: 2 })]))).toEqual([
      'nn.Conv2d(2, 2, kernel_size=(3, 3), stride=(1, 1), padding=(0, 0), dilation=(2, 2)),',
    ]);
  });

  it('reflect and replicate: padding_mode on Conv2d, or the matching pad module', () => {
    for (const [mode, pad] of [
      ['reflect', 'nn.ReflectionPad2d'],
      ['replicate', 'nn.ReplicationPad2d'],
    ] as const) {
      expect(
        entries(net(1, 8, 8, [conv2d('c', 1, 3, { padding: [2, 1], paddingMode: mode })])),
      ).toEqual([
        `nn.Conv2d(1, 1, kernel_size=(3, 3), stride=(1, 1), padding=(2, 1), padding_mode='${mode}'),`,
      ]);
      const same = net(1, 8, 8, [
        conv2d('c', 1, 3, { stride: 2, padding: 'same', paddingMode: mode }),
      ]);
      expect(entries(same)).toEqual([
        `${pad}((0, 1, 0, 1)),`,
        'nn.Conv2d(1, 1, kernel_size=(3, 3), stride=(2, 2), padding=(0, 0)),',
      ]);
    }
  });

  it('in an nn.Module the pad module gets its own attribute and runs first', () => {
    const n = net(3, 8, 8, [
      conv2d('down', 4, 3, { stride: 2, padding: 'same' }),
      conv2d('skip', 4, 1, { stride: 2, inputs: ['input'] }),
      simple('sum', 'add', ['down', 'skip']),
    ]);
    const code = toPyTorch(n);
    expect(initLines(code)[0]).toContain('self.down_pad = nn.ZeroPad2d((0, 1, 0, 1))');
    expect(forwardStatements(code)).toEqual([
      '        x1 = self.down_pad(x)  # down -> [1, 3, 9, 9]',
      '        x1 = self.down(x1)  # down -> [1, 4, 4, 4]',
      '        x = self.skip(x)  # skip -> [1, 4, 4, 4]',
      '        x = x1 + x  # sum -> [1, 4, 4, 4]',
    ]);
  });
});

describe('every layer kind', () => {
  it('depthwise conv: groups and in_channels from the inferred input', () => {
    expect(
      entries(net(8, 6, 6, [conv2d('dw', 8, 3, { groups: 8, padding: 1, bias: false })])),
    ).toEqual([
      'nn.Conv2d(8, 8, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1), groups=8, bias=False),',
    ]);
  });

  it('pools, global pool, norms, flatten, linear, softmax', () => {
    const n = net(3, 9, 9, [
      pool2d('mp', 'maxPool2d', 3, { stride: 2, padding: 1, ceilMode: true }),
      pool2d('ap', 'avgPool2d', 2, { stride: 1, countIncludePad: false, padding: 1 }),
      { id: 'ln', kind: 'layerNorm', eps: 1e-6, affine: false },
      { id: 'ln2', kind: 'layerNorm', eps: 0.5, affine: true },
      batchNorm('bn', 1),
      simple('gap', 'globalAvgPool'),
      simple('flat', 'flatten'),
      batchNorm('bn1d', 0.001),
      linear('fc', 7, false),
      simple('sm', 'softmax'),
    ]);
    expect(entries(n)).toEqual([
      'nn.MaxPool2d(kernel_size=(3, 3), stride=(2, 2), padding=(1, 1), ceil_mode=True),',
      'nn.AvgPool2d(kernel_size=(2, 2), stride=(1, 1), padding=(1, 1), count_include_pad=False),',
      'nn.LayerNorm([3, 6, 6], eps=1e-6, elementwise_affine=False),',
      'nn.LayerNorm([3, 6, 6], eps=0.5),',
      'nn.BatchNorm2d(3, eps=1.0),',
      'nn.AdaptiveAvgPool2d((1, 1)),',
      'nn.Flatten(),',
      'nn.BatchNorm1d(3, eps=0.001),',
      'nn.Linear(3, 7, bias=False),',
      'nn.Softmax(dim=1),',
    ]);
    // The core keeps global pooling's 1×1 axes, as AdaptiveAvgPool2d does.
    expect(commentShapes(toPyTorch(n))[5]).toEqual([1, 3, 1, 1]);
  });

  it('every activation, with the leaky slope', () => {
    const layers = ACTIVATIONS.map((fn, i) => activation(`a${i}`, fn, { alpha: 0.2 }));
    expect(entries(net(1, 2, 2, layers))).toEqual([
      'nn.ReLU(),',
      'nn.ReLU6(),',
      'nn.LeakyReLU(negative_slope=0.2),',
      'nn.Sigmoid(),',
      'nn.Tanh(),',
      'nn.GELU(),', // exact erf form: PyTorch's default approximate='none'
      'nn.SiLU(),',
      'nn.Identity(),',
    ]);
    expect(entries(net(1, 2, 2, [{ id: 'l', kind: 'activation', fn: 'leakyRelu' }]))).toEqual([
      'nn.LeakyReLU(negative_slope=0.01),',
    ]);
  });

  it('floats are Python floats', () => {
    expect([1e-5, 0.001, 1, 0.5, 1e-7, 2.5e-4, -0.2, 0].map(pyFloat)).toEqual([
      '1e-5',
      '0.001',
      '1.0',
      '0.5',
      '1e-7',
      '2.5e-4',
      '-0.2',
      '0.0',
    ]);
  });
});

const HOSTILE = 'evil\n"""\'<script>alert(1)</script>\r\n\u2028x\u202e\u0000\t\\';

describe('hostile text stays inert', () => {
  it('a layer name with newlines, quotes and <script> is one harmless comment', () => {
    const plain = net(1, 4, 4, [conv2d('c', 1, 3)]);
    const named = net(1, 4, 4, [conv2d('c', 1, 3, { name: HOSTILE })]);
    const code = toPyTorch(named, { title: HOSTILE });
    expect(code.split('\n')).toHaveLength(toPyTorch(plain).split('\n').length);
    expect(code).not.toMatch(/[\r\u2028\u202e\0\t]/);
    expect(splitComment(sequentialEntries(code)[0]).comment).toBe(
      `evil """'<script>alert(1)</script> x \\ -> [1, 1, 2, 2]`,
    );
    expect(code.split('\n')[0]).toBe(
      `# evil """'<script>alert(1)</script> x \\, exported from the CNN visualizer as PyTorch.`,
    );
  });

  it('comment text: control and format characters out, long text cut', () => {
    expect(commentText('a\n\nb\u0085c\u200bd')).toBe('a b c d');
    expect(commentText('x'.repeat(200))).toHaveLength(80);
    expect(commentText('\ud800lone')).toBe('lone');
  });

  it('ids become valid, unique attributes that shadow no keyword or nn.Module member', () => {
    const ids = ['class', 'forward', 'training', '1x1', 'a.b', 'a_b', '', '__init__', 'x y', 'é'];
    const layers: Layer[] = ids.map((id, i) =>
      i === 0 ? activation(id, 'relu') : activation(id, 'relu', { inputs: [ids[i - 1]] }),
    );
    const code = toPyTorch(net(1, 2, 2, [...layers, simple('sum', 'add', ids)]));
    const attrs = initLines(code).map((l) => /self\.(\w+) =/.exec(l)![1]);
    expect(attrs).toEqual([
      'class_',
      'forward_',
      'training_',
      'layer_1x1',
      'a_b',
      'a_b_2',
      'layer',
      'init__',
      'x_y',
      'layer_2',
    ]);
    expect(pyIdentifier('é')).toBe('layer');
    const names = new NameAllocator();
    expect([names.take('a'), names.take('a'), names.take('a_2'), names.take('a')]).toEqual([
      'a',
      'a_2',
      'a_2_2',
      'a_3',
    ]);
  });
});

describe('true convolution (kernels flipped 180°)', () => {
  const flipped = net(2, 6, 6, [
    conv2d('a', 3, 3, { trueConvolution: true, padding: 1, paddingMode: 'reflect' }),
    conv2d('b', 3, 3),
    conv2d('c', 3, [2, 3], { trueConvolution: true, stride: 2, padding: 'same', groups: 3 }),
  ]);

  it('becomes TrueConv2d, an nn.Conv2d subclass defined once before the model', () => {
    const code = toPyTorch(flipped);
    expect(entries(flipped)).toEqual([
      "TrueConv2d(2, 3, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1), padding_mode='reflect'),",
      'nn.Conv2d(3, 3, kernel_size=(3, 3), stride=(1, 1), padding=(0, 0)),',
      'nn.ZeroPad2d((0, 1, 0, 0)),',
      'TrueConv2d(3, 3, kernel_size=(2, 3), stride=(2, 2), padding=(0, 0), groups=3),',
    ]);
    expect(code.split('class TrueConv2d(nn.Conv2d):')).toHaveLength(2);
    expect(code).toContain(
      '\nfrom torch import nn\n\n\nclass TrueConv2d(nn.Conv2d):\n    """nn.Conv2d computing a true',
    );
    expect(code).toContain(
      '    def forward(self, x):\n' +
        '        return self._conv_forward(x, torch.flip(self.weight, [2, 3]), self.bias)\n' +
        '\n\nmodel = nn.Sequential(\n',
    );
  });

  it('in an nn.Module too; a network without it defines no such class', () => {
    const graph = net(2, 6, 6, [
      conv2d('a', 2, 3, { trueConvolution: true, padding: 1 }),
      simple('sum', 'add', ['input', 'a']),
    ]);
    const code = toPyTorch(graph);
    expect(initLines(code)).toEqual([
      '        self.a = TrueConv2d(2, 2, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1))',
    ]);
    expect(code).toContain(
      'self._conv_forward(x, torch.flip(self.weight, [2, 3]), self.bias)\n\n\nclass Net(',
    );
    const plain = toPyTorch(net(2, 6, 6, [conv2d('a', 2, 1), simple('s', 'add', ['input', 'a'])]));
    expect(plain).not.toContain('TrueConv2d');
    expect(toPyTorch(graph, { className: 'TrueConv2d' })).toContain(
      'class TrueConv2d_(nn.Module):',
    );
  });
});
