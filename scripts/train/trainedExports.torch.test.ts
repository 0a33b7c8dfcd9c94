// What the app exports of a trained network continues its life elsewhere with the same numbers:
// the shipped LeNet-5 (trained on MNIST by `npm run train:lenet`) exported as ONNX runs in ONNX
// Runtime, and as the PyTorch script with its safetensors weights runs under real PyTorch; on
// 64 held-out digits both equal the app's CPU forward within 1e-4·max(1, |ref|) and classify
// every digit as the app does.

import { readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { gatherBatch } from '../../src/core/data/dataset';
import { mnistDatasets } from '../../src/core/data/mnist';
import { inferShapes } from '../../src/core/infer';
import { exportOnnx } from '../../src/core/onnx/exportModel';
import { scaledError } from '../../src/core/onnx/testing/fixtures';
import { getPreset } from '../../src/core/presets';
import { toPyTorch } from '../../src/core/pytorch';
import { pytorchWeightsFile } from '../../src/core/pytorchWeights';
import { describeTorch, f32, f64, runTorch, type CallResult } from '../../src/core/testing/torch';
import { forward } from '../../src/cpu/forward';
import { mnistBytes } from '../data/mnistConvert';
import { readWeights } from './evaluate';

const N = 64;
const lenet = getPreset('lenet5')!.network;
const network = { ...lenet, input: { ...lenet.input, n: N } };
const { params } = readWeights(
  lenet,
  new Uint8Array(
    readFileSync(new URL('../../public/weights/lenet5-mnist.safetensors', import.meta.url)),
  ),
);
const { test } = mnistDatasets(mnistBytes(), { pad: 2 });
const { images, labels } = gatherBatch(
  test,
  Array.from({ length: N }, (_, i) => i * 23),
);
const inference = inferShapes(network);
const ours = forward(
  inference,
  { shape: [N, 1, 32, 32], data: images },
  {
    params: (ls) => params[ls.id],
  },
).get('softmax')!.data;

const argmax = (p: ArrayLike<number>, i: number) => {
  let best = 0;
  for (let k = 1; k < 10; k++) if (p[i * 10 + k] > p[i * 10 + best]) best = k;
  return best;
};
const classes = (p: ArrayLike<number>) => Array.from({ length: N }, (_, i) => argmax(p, i));

describe('the trained LeNet-5, exported', () => {
  it('as ONNX: ONNX Runtime gives the same probabilities and the same digits', async () => {
    const session = await ort.InferenceSession.create(exportOnnx(network, params));
    const out = await session.run({ input: new ort.Tensor('float32', images, [N, 1, 32, 32]) });
    const theirs = out.output.data as Float32Array;
    expect(scaledError(theirs, ours)).toBeLessThanOrEqual(1e-4);
    expect(classes(theirs)).toEqual(classes(ours));
    // And they are mostly right: these are held-out digits.
    const right = classes(ours).filter((c, i) => c === labels[i]).length;
    expect(right / N).toBeGreaterThan(0.9);
  });
});

let result: CallResult | null = null;
describeTorch('the trained LeNet-5 as a PyTorch script with its weights', () => {
  beforeAll(() => {
    result = runTorch({
      calls: [
        {
          module: 'torch_sidecar',
          fn: 'run',
          args: {
            code: toPyTorch(network),
            weights: Buffer.from(pytorchWeightsFile(network, params)).toString('base64'),
            input: f32(images),
            shape: [N, 1, 32, 32],
            beside: true,
            cli: false,
          },
        },
      ],
    }).calls[0];
  }, 120_000);

  it('real PyTorch gives the same probabilities and the same digits', () => {
    if (!result!.ok) throw new Error(result!.error);
    const theirs = f64((result!.value as { output: string }).output);
    expect(scaledError(theirs, ours)).toBeLessThanOrEqual(1e-4);
    expect(classes(theirs)).toEqual(classes(ours));
  });
});
