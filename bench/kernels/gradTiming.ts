// Timing of the conv2d backward pass (not a test: run it through grad.gpu.test.ts,
// `npm run bench:grad`): ours (src/gpu/programs/grad/conv2d.ts: dx, dw and db in one submit)
// against TensorFlow.js's WebGPU backend (Conv2DBackpropInput + Conv2DBackpropFilter + the sum of
// dy for the bias, NHWC, each submitted at once) on its own Dawn device in the same process.
// Wall time to onSubmittedWorkDone, median of warm runs; on SwiftShader only ratios mean anything.

import { conv2d as convLayer, type Conv2dLayer } from '../../src/core/layers';
import { convInfo, isIssue } from '../../src/core/shape';
import { STORAGE, type Gpu } from '../../src/gpu/gpu';
import {
  conv2dBackwardProgram,
  type Conv2dBackwardOptions,
} from '../../src/gpu/programs/grad/conv2d';
import { numel, releaseRecorded } from '../../src/gpu/programs/program';
import { tfjs } from './tfjs';
import { timeRecorded } from './timing';

export interface GradBenchCase {
  readonly name: string;
  /** [N, C, H, W] */
  readonly shape: readonly number[];
  /** Padding as TF.js says it: 'valid' or 'same' (stride 1: symmetric, as ours). */
  readonly layer: Conv2dLayer;
}

/** LeNet-5 and Tiny VGG layers at training batches. */
export const GRAD_BENCH: readonly GradBenchCase[] = [
  { name: 'LeNet c1 [32,1,32,32] k5→6', shape: [32, 1, 32, 32], layer: convLayer('c', 6, 5) },
  { name: 'LeNet c2 [32,6,14,14] k5→16', shape: [32, 6, 14, 14], layer: convLayer('c', 16, 5) },
  { name: 'LeNet c2 [64,6,14,14] k5→16', shape: [64, 6, 14, 14], layer: convLayer('c', 16, 5) },
  {
    name: 'TinyVGG [32,3,64,64] k3→10 same',
    shape: [32, 3, 64, 64],
    layer: convLayer('c', 10, 3, { padding: 'same' }),
  },
  {
    name: 'TinyVGG [64,10,32,32] k3→10 same',
    shape: [64, 10, 32, 32],
    layer: convLayer('c', 10, 3, { padding: 'same' }),
  },
  {
    name: 'VGG-ish [32,32,32,32] k3→64 same',
    shape: [32, 32, 32, 32],
    layer: convLayer('c', 64, 3, { padding: 'same' }),
  },
];

function storage(gpu: Gpu, n: number, label: string): GPUBuffer {
  const b = gpu.buffers.acquire(n * 4, STORAGE, label);
  const data = new Float32Array(n);
  for (let i = 0; i < n; i++) data[i] = Math.sin(i * 0.37) * 0.5;
  gpu.device.queue.writeBuffer(b, 0, data);
  return b;
}

/** Median ms of our dx + dw + db for `c` with `opts`. */
export async function timeOursGrad(
  gpu: Gpu,
  c: GradBenchCase,
  opts: Conv2dBackwardOptions = {},
  runs = 5,
): Promise<number> {
  const info = convInfo(c.layer, c.shape);
  if (isIssue(info)) throw new Error(`${c.name}: ${info.message}`);
  const yShape = [info.batch, info.outChannels, info.h.out, info.w.out];
  const weights =
    (info.outChannels * info.inChannels * info.h.kernel * info.w.kernel) / info.groups;
  const bufs = {
    x: storage(gpu, numel(c.shape), 'timing.x'),
    w: storage(gpu, weights, 'timing.w'),
    dy: storage(gpu, numel(yShape), 'timing.dy'),
    dx: storage(gpu, numel(c.shape), 'timing.dx'),
    dw: storage(gpu, weights, 'timing.dw'),
    db: storage(gpu, info.outChannels, 'timing.db'),
  };
  const rec = conv2dBackwardProgram(
    gpu,
    {
      x: { buffer: bufs.x, shape: c.shape },
      weight: bufs.w,
      dy: { buffer: bufs.dy, shape: yShape },
      dx: { buffer: bufs.dx, shape: c.shape },
      dWeight: bufs.dw,
      dBias: c.layer.bias ? bufs.db : null,
    },
    c.layer,
    info,
    'timing.backward',
    opts,
  );
  try {
    return await timeRecorded(gpu, rec, runs);
  } finally {
    releaseRecorded(gpu, rec);
    for (const b of Object.values(bufs)) gpu.buffers.release(b);
  }
}

/** Median ms of TF.js's dx (Conv2DBackpropInput) + dw (Conv2DBackpropFilter) + db (sum). */
export async function timeTfjsGrad(c: GradBenchCase, runs = 5, warm = 2): Promise<number> {
  const { tf, device } = await tfjs();
  const info = convInfo(c.layer, c.shape);
  if (isIssue(info)) throw new Error(`${c.name}: ${info.message}`);
  const [n, cin, h, w] = c.shape;
  const [kh, kw] = c.layer.kernel;
  const cout = c.layer.outChannels;
  const pad = c.layer.padding === 'same' ? 'same' : 'valid';
  const strides: [number, number] = [c.layer.stride[0], c.layer.stride[1]];
  const x = tf.randomNormal([n, h, w, cin]);
  const filter = tf.randomNormal([kh, kw, cin, cout]);
  const dy = tf.randomNormal([n, info.h.out, info.w.out, cout]);
  const times: number[] = [];
  const attrs = { strides, pad, dataFormat: 'NHWC', dimRoundingMode: undefined };
  for (let i = 0; i < warm + runs; i++) {
    const t0 = performance.now();
    const dx = tf.engine().runKernel('Conv2DBackpropInput', { dy, filter }, {
      ...attrs,
      inputShape: [n, h, w, cin],
    } as never) as import('@tensorflow/tfjs-core').Tensor;
    const dw = tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, {
      ...attrs,
      filterShape: [kh, kw, cin, cout],
    } as never) as import('@tensorflow/tfjs-core').Tensor;
    const db = c.layer.bias ? tf.sum(dy, [0, 1, 2]) : null;
    await device.queue.onSubmittedWorkDone();
    if (i >= warm) times.push(performance.now() - t0);
    for (const t of [dx, dw, db]) t?.dispose();
  }
  for (const t of [x, filter, dy]) t.dispose();
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}
