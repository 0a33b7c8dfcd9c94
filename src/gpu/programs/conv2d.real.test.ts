// Medium real-network conv layers, once each, every output compared with the CPU twin: the
// kernel the chooser picks (and the generic depthwise beside the specialised one).

import { describe, expect, it } from 'vitest';
import { conv2d as convLayer, type Conv2dLayer } from '../../core/layers';
import { randomArray, randomTensor } from '../../cpu/testing/helpers';
import { closeTo } from '../testing/compare';
import { requireGpu } from '../testing/nodeGpu';
import { chooseConvKernel, type ConvKernel } from './conv2d';
import { cpuConv, gpuConv, infoOf, type ConvCase } from '../testing/conv2d';

/** Weights scaled by 1/sqrt(fan-in), as trained layers are, so outputs stay near unit size. */
function layerCase(shape: number[], layer: Conv2dLayer, seed: number): ConvCase {
  const fanIn = (shape[1] / layer.groups) * layer.kernel[0] * layer.kernel[1];
  return {
    x: randomTensor(shape, seed),
    weight: randomArray(layer.outChannels * fanIn, seed + 1, 1 / Math.sqrt(fanIn)),
    bias: layer.bias ? randomArray(layer.outChannels, seed + 2) : null,
    layer,
  };
}

const cases: [string, ConvCase, ConvKernel, ConvKernel?][] = [
  [
    'x=[1,64,56,56] k=3 p=1 → 64 (VGG block 2)',
    layerCase([1, 64, 56, 56], convLayer('c', 64, 3, { padding: 1 }), 1),
    'gemm',
  ],
  [
    'x=[1,3,224,224] k=7 s=2 p=3 → 64 (ResNet stem)',
    layerCase([1, 3, 224, 224], convLayer('c', 64, 7, { stride: 2, padding: 3 }), 2),
    'gemm',
  ],
  [
    'x=[1,32,112,112] k=3 s=2 p=1 depthwise (MobileNet)',
    layerCase([1, 32, 112, 112], convLayer('c', 32, 3, { stride: 2, padding: 1, groups: 32 }), 3),
    'depthwise3x3',
    'depthwise',
  ],
  [
    'x=[1,256,14,14] k=1 → 128 (bottleneck 1×1)',
    layerCase([1, 256, 14, 14], convLayer('c', 128, 1), 4),
    'gemm',
  ],
  [
    'x=[2,256,4,4] k=3 p=1 → 256 (32 positions: half-width tile)',
    layerCase([2, 256, 4, 4], convLayer('c', 256, 3, { padding: 1 }), 5),
    'gemm',
  ],
];

describe('conv2d on the GPU: medium real layers, all outputs against the CPU twin', () => {
  for (const [name, c, chosen, also] of cases) {
    for (const kernel of also ? [chosen, also] : [chosen]) {
      it(`${name} [${kernel}]`, async () => {
        const gpu = await requireGpu();
        if (kernel === chosen)
          expect(chooseConvKernel(infoOf(c), c.layer, gpu.limits)).toBe(chosen);
        const got = await gpuConv(gpu, c, kernel === chosen ? {} : { kernel });
        const want = cpuConv(c);
        expect(got.shape).toEqual(want.shape);
        expect(closeTo(got.data, want.data)).toEqual([]);
      }, 60_000);
    }
  }
});
