// Hand-checked conv2d cases on the GPU, each run through every kernel that can take it (forced),
// compared with exact values or the CPU twin; plus the kernel choice and its errors.

import { describe, expect, it } from 'vitest';
import { conv2d as convLayer, type Conv2dLayer } from '../../core/layers';
import { tensor } from '../../core/tensor';
import { randomArray, randomTensor } from '../../cpu/testing/helpers';
import { closeTo } from '../testing/compare';
import { requireGpu } from '../testing/nodeGpu';
import { chooseConvKernel, conv2dProgram, depthwise3x3Problem, type ConvKernel } from './conv2d';
import { cpuConv, gpuConv, infoOf, type ConvCase } from '../testing/conv2d';

const KERNELS: readonly ConvKernel[] = ['direct', 'gemm', 'depthwise', 'depthwise3x3'];
const image5 = [1, 1, 1, 0, 0, 0, 1, 1, 1, 0, 0, 0, 1, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0];
const x3 = tensor([1, 1, 3, 3], [1, 2, 3, 4, 5, 6, 7, 8, 9]);
const ones = (n: number) => new Float32Array(n).fill(1);
const nb = (l: Conv2dLayer): Conv2dLayer => ({ ...l, bias: false });
/** Kernels that can run a case: depthwise needs one input channel per group, depthwise3x3 more. */
const kernelsFor = (c: ConvCase) =>
  KERNELS.filter((k) =>
    k === 'depthwise'
      ? c.layer.groups === c.x.shape[1]
      : k === 'depthwise3x3'
        ? depthwise3x3Problem(infoOf(c)) === null
        : true,
  );

/** A random case: x ~ N(0,1) of `shape`, weights and bias (when the layer has one) likewise. */
function random(shape: number[], layer: Conv2dLayer, seed: number, extra: Partial<ConvCase> = {}) {
  const cin = shape[1] / layer.groups;
  const n = layer.outChannels * cin * layer.kernel[0] * layer.kernel[1];
  return {
    x: randomTensor(shape, seed),
    weight: randomArray(n, seed + 1),
    bias: layer.bias ? randomArray(layer.outChannels, seed + 2) : null,
    layer,
    ...extra,
  };
}

const exact: [string, ConvCase, number[]][] = [
  [
    'x=[1,1,5,5] k=3 s=1 p=0 the 5×5 exercise (X kernel)',
    {
      x: tensor([1, 1, 5, 5], image5),
      weight: Float32Array.from([1, 0, 1, 0, 1, 0, 1, 0, 1]),
      bias: null,
      layer: nb(convLayer('c', 1, 3)),
    },
    [4, 3, 4, 2, 4, 3, 2, 3, 4],
  ],
  ...(
    [
      ['zeros', [12, 21, 16, 27, 45, 33, 24, 39, 28]],
      ['replicate', [21, 27, 33, 39, 45, 51, 57, 63, 69]],
      ['reflect', [33, 36, 39, 42, 45, 48, 51, 54, 57]],
    ] as const
  ).map(([mode, sums]): [string, ConvCase, number[]] => [
    `x=[1,1,3,3] k=3 s=1 p=1 ${mode} all-ones kernel`,
    {
      x: x3,
      weight: ones(9),
      bias: null,
      layer: nb(convLayer('c', 1, 3, { padding: 1, paddingMode: mode })),
    },
    [...sums],
  ]),
  [
    'x=[1,1,3,3] k=1 p=[0,2] reflect folds past the edge',
    {
      x: x3,
      weight: ones(1),
      bias: null,
      layer: nb(convLayer('c', 1, 1, { padding: [0, 2], paddingMode: 'reflect' })),
    },
    [3, 2, 1, 2, 3, 2, 1, 6, 5, 4, 5, 6, 5, 4, 9, 8, 7, 8, 9, 8, 7],
  ],
  [
    "x=[1,1,1,4] k=1×2 'same' extra padding at the end",
    {
      x: tensor([1, 1, 1, 4], [1, 2, 3, 4]),
      weight: ones(2),
      bias: null,
      layer: nb(convLayer('c', 1, [1, 2], { padding: 'same' })),
    },
    [3, 5, 7, 4],
  ],
  [
    "x=[1,1,1,6] k=1×3 s=2 'same' → 1×3",
    {
      x: tensor([1, 1, 1, 6], [1, 2, 3, 4, 5, 6]),
      weight: ones(3),
      bias: null,
      layer: nb(convLayer('c', 1, [1, 3], { stride: 2, padding: 'same' })),
    },
    [6, 12, 11],
  ],
  [
    'x=[1,1,5,5] k=3 d=2 → 1×1 reads corners and centre',
    {
      x: tensor([1, 1, 5, 5], image5),
      weight: Float32Array.from([1, 10, 100, 1000, 10000, 100000, 1e6, 1e7, 1e8]),
      bias: null,
      layer: nb(convLayer('c', 1, 3, { dilation: 2 })),
    },
    [1 + 10 + 10000 + 100000 + 1e7],
  ],
  [
    'x=[1,2,1,2] k=1 g=2 each output sees its own channel',
    {
      x: tensor([1, 2, 1, 2], [1, 2, 10, 20]),
      weight: Float32Array.from([2, 3]),
      bias: null,
      layer: nb(convLayer('c', 2, 1, { groups: 2 })),
    },
    [2, 4, 30, 60],
  ],
  [
    'x=[2,2,1,1] k=1 out=2 with bias',
    {
      x: tensor([2, 2, 1, 1], [1, 1, 2, 0]),
      weight: Float32Array.from([1, 2, 3, 4]),
      bias: Float32Array.from([10, 20]),
      layer: convLayer('c', 2, 1),
    },
    [13, 27, 12, 26],
  ],
  [
    'x=[1,1,1,3] k=1×3 flip: true convolution',
    {
      x: tensor([1, 1, 1, 3], [1, 2, 3]),
      weight: Float32Array.from([1, 0, -1]),
      bias: null,
      layer: nb(convLayer('c', 1, [1, 3])),
      trueConvolution: true,
    },
    [2],
  ],
  [
    'x=[1,1,3,3] k=3 p=1 fused relu with bias -40',
    {
      x: x3,
      weight: ones(9),
      bias: Float32Array.from([-40]),
      layer: convLayer('c', 1, 3, { padding: 1 }),
      activation: { fn: 'relu' },
    },
    [0, 0, 0, 0, 5, 0, 0, 0, 0],
  ],
];

const againstCpu: [string, ConvCase][] = [
  [
    'x=[1,3,9,9] k=3 s=2 d=2 p=reflect g=1',
    random(
      [1, 3, 9, 9],
      convLayer('c', 5, 3, { stride: 2, dilation: 2, padding: 2, paddingMode: 'reflect' }),
      1,
    ),
  ],
  [
    'x=[2,4,7,8] k=3×2 s=1 p=same replicate g=2',
    random(
      [2, 4, 7, 8],
      convLayer('c', 6, [3, 2], { padding: 'same', paddingMode: 'replicate', groups: 2 }),
      2,
    ),
  ],
  [
    'x=[1,6,10,11] k=5 s=2 p=2 zeros g=3 bias off',
    random(
      [1, 6, 10, 11],
      convLayer('c', 9, 5, { stride: 2, padding: 2, groups: 3, bias: false }),
      3,
    ),
  ],
  [
    'x=[2,5,9,9] k=3 p=1 depthwise g=5',
    random([2, 5, 9, 9], convLayer('c', 5, 3, { padding: 1, groups: 5 }), 4),
  ],
  [
    'x=[1,3,8,12] k=3 s=[1,2] p=1 depthwise ×2 multiplier reflect',
    random(
      [1, 3, 8, 12],
      convLayer('c', 6, 3, { stride: [1, 2], padding: 1, groups: 3, paddingMode: 'reflect' }),
      5,
    ),
  ],
  [
    'x=[1,4,6,6] k=3 p=1 flip bias',
    random([1, 4, 6, 6], convLayer('c', 4, 3, { padding: 1 }), 6, { trueConvolution: true }),
  ],
  [
    'x=[1,4,6,6] k=3 p=1 g=4 flip',
    random([1, 4, 6, 6], convLayer('c', 4, 3, { padding: 1, groups: 4 }), 7, {
      trueConvolution: true,
    }),
  ],
  [
    'x=[1,3,7,7] k=3 fused gelu',
    random([1, 3, 7, 7], convLayer('c', 20, 3), 8, { activation: { fn: 'gelu' } }),
  ],
  [
    'x=[1,8,5,5] k=1 → 70 channels fused leakyRelu 0.2',
    random([1, 8, 5, 5], convLayer('c', 70, 1), 9, { activation: { fn: 'leakyRelu', alpha: 0.2 } }),
  ],
  [
    'x=[3,2,12,12] k=2 s=2 → 3 batches',
    random([3, 2, 12, 12], convLayer('c', 3, 2, { stride: 2 }), 10),
  ],
];

describe('conv2d on the GPU: exact cases, every kernel', () => {
  for (const [name, c, want] of exact) {
    for (const kernel of kernelsFor(c)) {
      it(`${name} [${kernel}]`, async () => {
        const gpu = await requireGpu();
        const got = await gpuConv(gpu, c, { kernel });
        expect(closeTo(got.data, want)).toEqual([]);
        expect(closeTo(cpuConv(c).data, want)).toEqual([]);
      });
    }
  }
});

describe('conv2d on the GPU matches the CPU twin, every kernel', () => {
  for (const [name, c] of againstCpu) {
    for (const kernel of kernelsFor(c)) {
      it(`${name} [${kernel}]`, async () => {
        const gpu = await requireGpu();
        const got = await gpuConv(gpu, c, { kernel });
        const want = cpuConv(c);
        expect(got.shape).toEqual(want.shape);
        expect(closeTo(got.data, want.data)).toEqual([]);
      });
    }
  }
});

describe('conv2d kernel choice', () => {
  const limits = { maxComputeWorkgroupStorageSize: 32768, maxComputeInvocationsPerWorkgroup: 256 };
  const pick = (shape: number[], l: Conv2dLayer) =>
    chooseConvKernel(
      infoOf({ x: tensor(shape), weight: new Float32Array(0), bias: null, layer: l }),
      l,
      limits,
    );

  const table: [string, number[], Conv2dLayer, ConvKernel][] = [
    ['x=[1,1,5,5] k=3 (teaching: 9 outputs)', [1, 1, 5, 5], convLayer('c', 1, 3), 'direct'],
    ['x=[1,64,56,56] k=3 p=1 → 64', [1, 64, 56, 56], convLayer('c', 64, 3, { padding: 1 }), 'gemm'],
    ['x=[1,256,28,28] k=1 → 512', [1, 256, 28, 28], convLayer('c', 512, 1), 'gemm'],
    [
      'x=[1,3,224,224] k=7 s=2 p=3 → 64',
      [1, 3, 224, 224],
      convLayer('c', 64, 7, { stride: 2, padding: 3 }),
      'gemm',
    ],
    [
      'x=[1,32,112,112] k=3 p=1 g=32',
      [1, 32, 112, 112],
      convLayer('c', 32, 3, { padding: 1, groups: 32 }),
      'depthwise3x3',
    ],
    [
      'x=[1,32,112,112] k=3 s=2 p=1 g=32',
      [1, 32, 112, 112],
      convLayer('c', 32, 3, { stride: 2, padding: 1, groups: 32 }),
      'depthwise3x3',
    ],
    [
      'x=[1,32,56,56] k=5 p=2 g=32',
      [1, 32, 56, 56],
      convLayer('c', 32, 5, { padding: 2, groups: 32 }),
      'depthwise',
    ],
    [
      'x=[1,32,56,56] k=3 d=2 p=2 g=32',
      [1, 32, 56, 56],
      convLayer('c', 32, 3, { padding: 2, dilation: 2, groups: 32 }),
      'depthwise',
    ],
  ];
  for (const [name, shape, layer, want] of table) {
    it(`${name} → ${want}`, () => expect(pick(shape, layer)).toBe(want));
  }

  it('forcing depthwise on an ordinary conv throws a readable error', async () => {
    const gpu = await requireGpu();
    const c = random([1, 2, 4, 4], convLayer('c', 2, 3), 11);
    const x = { buffer: gpu.buffers.acquire(16, 0x88, 't'), shape: c.x.shape };
    const out = { buffer: x.buffer, shape: [1, 2, 2, 2] };
    expect(() =>
      conv2dProgram(gpu, x, x.buffer, null, out, c.layer, infoOf(c), { kernel: 'depthwise' }),
    ).toThrow(/depthwise kernel needs groups = C_in/);
    gpu.buffers.release(x.buffer);
  });
});
