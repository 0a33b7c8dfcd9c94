// Timing harness for the conv2d and linear kernels (not a test: run it through
// kernels.gpu.test.ts, `npm run bench:kernels`). Wall time per dispatch: submit, then
// onSubmittedWorkDone, median of warm runs. On SwiftShader only ratios between variants measured
// in the same run mean anything (see /work/shared/guide/webgpu-testing.md, "Timing").

import { conv2d as convLayer, type Conv2dLayer } from '../../src/core/layers';
import { convInfo, isIssue } from '../../src/core/shape';
import { STORAGE, type Gpu } from '../../src/gpu/gpu';
import { conv2dProgram, type Conv2dProgramOptions } from '../../src/gpu/programs/conv2d';
import { linearProgram, type LinearProgramOptions } from '../../src/gpu/programs/linear';
import {
  encode,
  numel,
  releaseRecorded,
  type GpuTensor,
  type Recorded,
} from '../../src/gpu/programs/program';

export interface ConvBenchCase {
  readonly name: string;
  /** [N, C, H, W] */
  readonly shape: readonly number[];
  readonly layer: Conv2dLayer;
}

/** The benchmark's conv layers (batch 1), as the TF.js WebGPU comparison will run them. */
export const CONV_BENCH: readonly ConvBenchCase[] = [
  {
    name: '[3,224,224] k3→64',
    shape: [1, 3, 224, 224],
    layer: convLayer('c', 64, 3, { padding: 1 }),
  },
  {
    name: '[64,56,56] k3→64',
    shape: [1, 64, 56, 56],
    layer: convLayer('c', 64, 3, { padding: 1 }),
  },
  {
    name: '[128,28,28] k3→128',
    shape: [1, 128, 28, 28],
    layer: convLayer('c', 128, 3, { padding: 1 }),
  },
  {
    name: '[256,14,14] k3→256',
    shape: [1, 256, 14, 14],
    layer: convLayer('c', 256, 3, { padding: 1 }),
  },
  {
    name: '[512,7,7] k3→512',
    shape: [1, 512, 7, 7],
    layer: convLayer('c', 512, 3, { padding: 1 }),
  },
  { name: '1×1 [256,28,28]→512', shape: [1, 256, 28, 28], layer: convLayer('c', 512, 1) },
  {
    name: 'dw [32,112,112] k3',
    shape: [1, 32, 112, 112],
    layer: convLayer('c', 32, 3, { padding: 1, groups: 32 }),
  },
  {
    name: '[64,56,56] k3 s2→128',
    shape: [1, 64, 56, 56],
    layer: convLayer('c', 128, 3, { padding: 1, stride: 2 }),
  },
  {
    name: '[64,56,56] k3 d2→64',
    shape: [1, 64, 56, 56],
    layer: convLayer('c', 64, 3, { padding: 2, dilation: 2 }),
  },
  // Not a benchmark case: the submit + onSubmittedWorkDone floor of one tiny dispatch.
  { name: 'floor [1,5,5] k3', shape: [1, 1, 5, 5], layer: convLayer('c', 1, 3) },
];

function storage(gpu: Gpu, n: number, label: string, fill = true): GPUBuffer {
  const b = gpu.buffers.acquire(n * 4, STORAGE, label);
  if (fill) {
    const data = new Float32Array(n);
    for (let i = 0; i < n; i++) data[i] = Math.sin(i * 0.37) * 0.5;
    gpu.device.queue.writeBuffer(b, 0, data);
  }
  return b;
}

/** Median wall time (ms) of `runs` warm submissions of `rec`, after `warm` untimed ones. */
export async function timeRecorded(gpu: Gpu, rec: Recorded, runs = 5, warm = 2): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < warm + runs; i++) {
    const t0 = performance.now();
    const enc = gpu.device.createCommandEncoder({ label: 'timing' });
    const pass = enc.beginComputePass({ label: 'timing.pass' });
    encode(pass, rec.dispatches);
    pass.end();
    gpu.device.queue.submit([enc.finish()]);
    await gpu.device.queue.onSubmittedWorkDone();
    if (i >= warm) times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

/** Median ms of one conv layer with `opts` (kernel, tile), on synthetic data. */
export async function timeConv(
  gpu: Gpu,
  c: ConvBenchCase,
  opts: Conv2dProgramOptions,
  runs = 5,
): Promise<number> {
  const info = convInfo(c.layer, c.shape);
  if (isIssue(info)) throw new Error(`${c.name}: ${info.message}`);
  const wCount = (info.outChannels * info.inChannels * info.h.kernel * info.w.kernel) / info.groups;
  const outShape = [info.batch, info.outChannels, info.h.out, info.w.out];
  const x: GpuTensor = { buffer: storage(gpu, numel(c.shape), 'timing.x'), shape: c.shape };
  const out: GpuTensor = {
    buffer: storage(gpu, numel(outShape), 'timing.out', false),
    shape: outShape,
  };
  const w = storage(gpu, wCount, 'timing.w');
  const b = storage(gpu, info.outChannels, 'timing.b');
  const rec = conv2dProgram(gpu, x, w, c.layer.bias ? b : null, out, c.layer, info, opts);
  try {
    return await timeRecorded(gpu, rec, runs);
  } finally {
    releaseRecorded(gpu, rec);
    for (const buf of [x.buffer, out.buffer, w, b]) gpu.buffers.release(buf);
  }
}

/** Median ms of linear [n, f] → [n, outF] with `opts` (kernel), on synthetic data. */
export async function timeLinear(
  gpu: Gpu,
  n: number,
  f: number,
  outF: number,
  opts: LinearProgramOptions = {},
  runs = 5,
): Promise<number> {
  const x: GpuTensor = { buffer: storage(gpu, n * f, 'timing.x'), shape: [n, f] };
  const out: GpuTensor = { buffer: storage(gpu, n * outF, 'timing.out', false), shape: [n, outF] };
  const w = storage(gpu, f * outF, 'timing.w');
  const b = storage(gpu, outF, 'timing.b');
  const rec = linearProgram(gpu, x, w, b, out, 'linear', opts);
  try {
    return await timeRecorded(gpu, rec, runs);
  } finally {
    releaseRecorded(gpu, rec);
    for (const buf of [x.buffer, out.buffer, w, b]) gpu.buffers.release(buf);
  }
}
