// Timing peer for timing.ts (not a test): TensorFlow.js's WebGPU backend on its own Dawn
// device in the same process and adapter, the same layer in NHWC. Each op is submitted at once
// (WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE = 1) and timed to onSubmittedWorkDone, like ours.

import type { ConvBenchCase } from './timing';

type Tf = typeof import('@tensorflow/tfjs-core');

let tfReady: Promise<{ tf: Tf; device: GPUDevice }> | null = null;
/** Dawn's GPU object must stay reachable for as long as its devices live. */
let instance: unknown = null;

/** TF.js on its WebGPU backend (one Dawn device per process, made on first use). */
export async function tfjs(): Promise<{ tf: Tf; device: GPUDevice }> {
  tfReady ??= (async () => {
    const { create, globals } = await import('webgpu');
    Object.assign(globalThis, globals);
    instance = create([]);
    Object.defineProperty(globalThis, 'navigator', {
      value: { gpu: instance, userAgent: 'node' },
      configurable: true,
    });
    const tf = await import('@tensorflow/tfjs-core');
    await import('@tensorflow/tfjs-backend-webgpu');
    tf.env().set('WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE', 1);
    if (!(await tf.setBackend('webgpu'))) throw new Error('tf.setBackend("webgpu") failed');
    await tf.ready();
    return { tf, device: (tf.backend() as unknown as { device: GPUDevice }).device };
  })();
  return tfReady;
}

/** Median ms of TF.js conv2d / depthwiseConv2d for `c`, 'same'-style padding (as the bench). */
export async function timeTfjsConv(c: ConvBenchCase, runs = 5, warm = 2): Promise<number> {
  const { tf, device } = await tfjs();
  const [, cin, h, w] = c.shape;
  const [k] = c.layer.kernel;
  const [s] = c.layer.stride;
  const [d] = c.layer.dilation;
  const depthwise = c.layer.groups === cin && c.layer.groups > 1;
  const x = tf.randomNormal([1, h, w, cin]) as import('@tensorflow/tfjs-core').Tensor4D;
  const f = tf.randomNormal(
    depthwise ? [k, k, cin, 1] : [k, k, cin, c.layer.outChannels],
  ) as import('@tensorflow/tfjs-core').Tensor4D;
  const times: number[] = [];
  for (let i = 0; i < warm + runs; i++) {
    const t0 = performance.now();
    const y = depthwise
      ? tf.depthwiseConv2d(x, f, s, 'same', 'NHWC', d)
      : tf.conv2d(x, f, s, 'same', 'NHWC', d);
    await device.queue.onSubmittedWorkDone();
    if (i >= warm) times.push(performance.now() - t0);
    y.dispose();
  }
  x.dispose();
  f.dispose();
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}
