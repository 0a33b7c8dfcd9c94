import { describe, expect, it } from 'vitest';
import { networkCost } from './cost';
import { inferShapes } from './infer';
import { activation, batchNorm, conv2d, pool2d, simple, type Network } from './layers';
import { preset } from './testing/presetHelpers';
import { PyTorchExportError, toPyTorch } from './pytorch';
import {
  expectedValues,
  forwardStatements,
  initLines,
  sequentialEntries,
  splitComment,
} from './testing/pytorchScript';

const codeOf = (lines: readonly string[]) => lines.map((l) => splitComment(l).code.trim());

describe('toPyTorch: LeNet-5 (sequential)', () => {
  const p = preset('lenet5');
  const code = toPyTorch(p.network, { title: p.title });

  it('is an nn.Sequential with exactly these modules, in order', () => {
    expect(code.startsWith('# LeNet-5, exported from the CNN visualizer as PyTorch.\n')).toBe(true);
    expect(code).toContain('\nimport torch\nfrom torch import nn\n');
    expect(codeOf(sequentialEntries(code))).toEqual([
      'nn.Conv2d(1, 6, kernel_size=(5, 5), stride=(1, 1), padding=(0, 0)),',
      'nn.Tanh(),',
      'nn.AvgPool2d(kernel_size=(2, 2), stride=(2, 2), padding=(0, 0)),',
      'nn.Conv2d(6, 16, kernel_size=(5, 5), stride=(1, 1), padding=(0, 0)),',
      'nn.Tanh(),',
      'nn.AvgPool2d(kernel_size=(2, 2), stride=(2, 2), padding=(0, 0)),',
      'nn.Conv2d(16, 120, kernel_size=(5, 5), stride=(1, 1), padding=(0, 0)),',
      'nn.Tanh(),',
      'nn.Flatten(),',
      'nn.Linear(120, 84),',
      'nn.Tanh(),',
      'nn.Linear(84, 10),',
      'nn.Softmax(dim=1),',
    ]);
  });

  it("labels every module with its layer and the core's inferred output shape", () => {
    const inf = inferShapes(p.network);
    const entries = sequentialEntries(code);
    expect(entries).toHaveLength(inf.layers.length);
    inf.layers.forEach((ls, i) => {
      expect(ls.status).toBe('ok');
      if (ls.status !== 'ok') return;
      expect(splitComment(entries[i]).comment).toBe(
        `${ls.layer.name ?? ls.id} -> [${ls.shape.join(', ')}]`,
      );
    });
  });

  it('states the parameter total of cost.ts (61,706, the reference) and the output shape', () => {
    const total = networkCost(inferShapes(p.network)).params;
    expect(total).toBe(61_706);
    expect(p.referenceParams).toBe(61_706);
    expect(code).toContain('61,706 learnable parameters, input [1, 1, 32, 32].');
    expect(expectedValues(code)).toEqual({ shape: [1, 10], params: 61_706 });
    expect(code).toContain('    x = torch.randn(1, 1, 32, 32)\n');
    expect(code).toContain('    model.eval()');
    expect(code.endsWith('parameters")  # expected 61706\n')).toBe(true);
  });
});

/** ResNet's layer2.0: a stride-2 basic block whose shortcut is a 1×1 stride-2 conv + bn. */
const basicBlock: Network = {
  input: { n: 2, c: 16, h: 8, w: 8 },
  layers: [
    conv2d('layer2.0.conv1', 32, 3, { stride: 2, padding: 1, bias: false }),
    batchNorm('layer2.0.bn1'),
    activation('layer2.0.relu1', 'relu'),
    conv2d('layer2.0.conv2', 32, 3, { padding: 1, bias: false }),
    batchNorm('layer2.0.bn2'),
    conv2d('layer2.0.downsample.0', 32, 1, { stride: 2, bias: false, inputs: ['input'] }),
    batchNorm('layer2.0.downsample.1'),
    simple('layer2.0.add', 'add', ['layer2.0.bn2', 'layer2.0.downsample.1']),
    activation('layer2.0.relu2', 'relu'),
  ],
};

describe('toPyTorch: graphs (nn.Module with forward)', () => {
  it('a ResNet basic block with a downsample shortcut adds the two paths', () => {
    const code = toPyTorch(basicBlock);
    expect(code).toContain('\nclass Net(nn.Module):\n    def __init__(self):\n');
    expect(code).toContain('\nmodel = Net()\n');
    expect(codeOf(initLines(code))).toEqual([
      'self.layer2_0_conv1 = nn.Conv2d(16, 32, kernel_size=(3, 3), stride=(2, 2), padding=(1, 1), bias=False)',
      'self.layer2_0_bn1 = nn.BatchNorm2d(32, eps=1e-5)',
      'self.layer2_0_relu1 = nn.ReLU()',
      'self.layer2_0_conv2 = nn.Conv2d(32, 32, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1), bias=False)',
      'self.layer2_0_bn2 = nn.BatchNorm2d(32, eps=1e-5)',
      'self.layer2_0_downsample_0 = nn.Conv2d(16, 32, kernel_size=(1, 1), stride=(2, 2), padding=(0, 0), bias=False)',
      'self.layer2_0_downsample_1 = nn.BatchNorm2d(32, eps=1e-5)',
      'self.layer2_0_relu2 = nn.ReLU()',
    ]);
    expect(forwardStatements(code)).toEqual([
      '        x1 = self.layer2_0_conv1(x)  # layer2.0.conv1 -> [2, 32, 4, 4]',
      '        x1 = self.layer2_0_bn1(x1)  # layer2.0.bn1 -> [2, 32, 4, 4]',
      '        x1 = self.layer2_0_relu1(x1)  # layer2.0.relu1 -> [2, 32, 4, 4]',
      '        x1 = self.layer2_0_conv2(x1)  # layer2.0.conv2 -> [2, 32, 4, 4]',
      '        x1 = self.layer2_0_bn2(x1)  # layer2.0.bn2 -> [2, 32, 4, 4]',
      '        x = self.layer2_0_downsample_0(x)  # layer2.0.downsample.0 -> [2, 32, 4, 4]',
      '        x = self.layer2_0_downsample_1(x)  # layer2.0.downsample.1 -> [2, 32, 4, 4]',
      '        x = x1 + x  # layer2.0.add -> [2, 32, 4, 4]',
      '        x = self.layer2_0_relu2(x)  # layer2.0.relu2 -> [2, 32, 4, 4]',
    ]);
    expect(code).toContain('\n        return x\n');
    expect(expectedValues(code)).toEqual({ shape: [2, 32, 4, 4], params: 14_528 });
  });

  // Every shape of the presets is checked against real PyTorch in pytorch.presets.test.ts.
  it('ResNet-18: eight residual additions', () => {
    const code = toPyTorch(preset('resnet18').network);
    expect(forwardStatements(code).filter((l) => /= x\d* \+ x\d* {2}#/.test(l))).toHaveLength(8);
  });

  it('an Inception-style concat joins the branches along the channels', () => {
    const from = { inputs: ['input'] };
    const net: Network = {
      input: { n: 1, c: 8, h: 10, w: 10 },
      layers: [
        conv2d('inception3a/1x1', 4, 1, from),
        conv2d('inception3a/3x3', 6, 3, { padding: 1, ...from }),
        pool2d('inception3a/pool', 'maxPool2d', 3, { stride: 1, padding: 1, ...from }),
        simple('inception3a', 'concat', ['inception3a/1x1', 'inception3a/3x3', 'inception3a/pool']),
      ],
    };
    const code = toPyTorch(net);
    expect(forwardStatements(code)).toEqual([
      '        x1 = self.inception3a_1x1(x)  # inception3a/1x1 -> [1, 4, 10, 10]',
      '        x2 = self.inception3a_3x3(x)  # inception3a/3x3 -> [1, 6, 10, 10]',
      '        x = self.inception3a_pool(x)  # inception3a/pool -> [1, 8, 10, 10]',
      '        x = torch.cat([x1, x2, x], dim=1)  # inception3a -> [1, 18, 10, 10]',
    ]);
    expect(code).toContain(
      'self.inception3a_pool = nn.MaxPool2d(kernel_size=(3, 3), stride=(1, 1), padding=(1, 1))',
    );
  });

  it('GoogLeNet: nine concats', () => {
    const code = toPyTorch(preset('googlenet').network);
    expect(forwardStatements(code).filter((l) => l.includes('torch.cat(['))).toHaveLength(9);
  });

  it('a layer that does not feed the output is declared but not called', () => {
    const net: Network = {
      input: { n: 1, c: 2, h: 4, w: 4 },
      layers: [conv2d('side', 3, 1), conv2d('main', 5, 1, { inputs: ['input'] })],
    };
    const code = toPyTorch(net);
    expect(code).toContain('self.side = nn.Conv2d(2, 3, ');
    expect(code).toContain('(0, 0))  # does not feed the output, so forward() skips it\n');
    expect(forwardStatements(code)).toEqual(['        x = self.main(x)  # main -> [1, 5, 4, 4]']);
    expect(expectedValues(code).params).toBe(networkCost(inferShapes(net)).params);
  });

  it('className names the nn.Module, made a valid identifier that shadows nothing', () => {
    expect(toPyTorch(basicBlock, { className: 'ResBlock' })).toContain('model = ResBlock()');
    expect(toPyTorch(basicBlock, { className: 'My Net!' })).toContain('class My_Net_(nn.Module):');
    expect(toPyTorch(basicBlock, { className: 'torch' })).toContain('class torch_(nn.Module):');
    expect(toPyTorch(preset('lenet5').network, { className: 'X' })).not.toContain('class');
  });
});

describe('toPyTorch: invalid networks', () => {
  const expectExportError = (net: Network, layerId: string) => {
    const inf = inferShapes(net);
    const ls = inf.byId.get(layerId);
    const coreMessage =
      layerId === 'input' ? inf.inputError!.message : ls?.status === 'error' && ls.error.message;
    expect(coreMessage).toBeTruthy();
    let caught: unknown;
    try {
      toPyTorch(net);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(PyTorchExportError);
    const err = caught as PyTorchExportError;
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe('PyTorchExportError');
    expect(err.problems).toEqual([{ layerId, message: coreMessage }]);
    expect(err.message).toContain(coreMessage as string);
    expect(err.message).toContain(layerId === 'input' ? 'the input' : `layer '${layerId}'`);
  };

  it('a kernel larger than its input: named layer, core message, downstream not repeated', () => {
    expectExportError(
      {
        input: { n: 1, c: 1, h: 7, w: 7 },
        layers: [conv2d('big', 4, 9), activation('r', 'relu'), simple('f', 'flatten')],
      },
      'big',
    );
  });

  it('a graph problem (unknown input) and a bad input spec', () => {
    expectExportError(
      { input: { n: 1, c: 1, h: 7, w: 7 }, layers: [conv2d('c', 1, 3, { inputs: ['nope'] })] },
      'c',
    );
    expectExportError({ input: { n: 1, c: 1, h: 0, w: 7 }, layers: [conv2d('c', 1, 3)] }, 'input');
  });
});
