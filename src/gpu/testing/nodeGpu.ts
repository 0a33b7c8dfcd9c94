// Test harness: a real WebGPU device in Node through Dawn (the `webgpu` npm package).
// On machines without a GPU driver, Dawn finds SwiftShader through Chromium's Vulkan ICD
// (VK_ICD_FILENAMES, set by vite.config.ts before the test workers start).
// Test-only: production code never imports this file.

import { acquireGpu, type GpuDevice } from '../device';
import { createGpu, READBACK, STORAGE, type Gpu } from '../gpu';
import type { GpuTensor } from '../programs/program';
import { encode, releaseRecorded, type Recorded } from '../programs/program';
import type { Tensor } from '../../core/tensor';

let instance: unknown = null;
let shared: Promise<{ device: GpuDevice; gpu: Gpu } | { reason: string }> | null = null;

/** One device per test process. In CI a missing adapter is an error, not a skip. */
export function nodeGpu(): Promise<{ device: GpuDevice; gpu: Gpu } | { reason: string }> {
  shared ??= (async () => {
    const { create, globals } = await import('webgpu');
    Object.assign(globalThis, globals);
    // Dawn's GPU object must stay reachable: once it is garbage-collected, Dawn crashes the
    // process (segfault or futex abort) a few dozen submits later.
    instance = create([]);
    const result = await acquireGpu(instance as unknown as GPU, 'test');
    if (!result.ok) return { reason: result.reason };
    return { device: result.gpu, gpu: createGpu(result.gpu.device) };
  })();
  return shared;
}

/** Another device from the same adapter (a device-loss test destroys it). */
export async function freshNodeDevice(label = 'test.fresh'): Promise<GpuDevice> {
  const r = await nodeGpu();
  if ('reason' in r) throw new Error(r.reason);
  const again = await acquireGpu(instance as unknown as GPU, label);
  if (!again.ok) throw new Error(again.reason);
  return again.gpu;
}

export async function requireGpu(): Promise<Gpu> {
  const r = await nodeGpu();
  if ('reason' in r) throw new Error(`no WebGPU device for the GPU tests: ${r.reason}`);
  return r.gpu;
}

export function upload(gpu: Gpu, t: Tensor, label = 'test.input'): GpuTensor {
  const buffer = gpu.buffers.acquire(t.data.byteLength, STORAGE, label);
  gpu.device.queue.writeBuffer(buffer, 0, t.data);
  return { buffer, shape: t.shape };
}

export function empty(gpu: Gpu, shape: readonly number[], label = 'test.output'): GpuTensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return { buffer: gpu.buffers.acquire(n * 4, STORAGE, label), shape };
}

/** Records the programs in one pass, submits, and reads `out` back. */
export async function runAndRead(
  gpu: Gpu,
  programs: readonly Recorded[],
  out: GpuTensor,
): Promise<Float32Array> {
  const n = out.shape.reduce((a, b) => a * b, 1);
  const staging = gpu.buffers.acquire(n * 4, READBACK, 'test.readback');
  const enc = gpu.device.createCommandEncoder({ label: 'test' });
  const pass = enc.beginComputePass({ label: 'test.pass' });
  for (const p of programs) encode(pass, p.dispatches);
  pass.end();
  enc.copyBufferToBuffer(out.buffer, 0, staging, 0, n * 4);
  gpu.device.queue.submit([enc.finish()]);
  await staging.mapAsync(GPUMapMode.READ, 0, n * 4);
  const data = new Float32Array(staging.getMappedRange(0, n * 4).slice(0));
  staging.unmap();
  gpu.buffers.release(staging);
  return data;
}

/** Destroys the test device, if one was made, so the worker exits cleanly. */
export async function releaseNodeGpu(): Promise<void> {
  if (!shared) return;
  const r = await shared;
  shared = null;
  if ('gpu' in r) {
    r.gpu.buffers.destroyAll();
    r.device.device.destroy();
  }
}

/**
 * Uploads `inputs`, records one program into `out` of `outShape`, runs it, reads `out` back,
 * and returns every buffer to the pool (so each test leaves the pool as it found it).
 */
export async function runProgram(
  gpu: Gpu,
  inputs: readonly Tensor[],
  outShape: readonly number[],
  record: (xs: readonly GpuTensor[], out: GpuTensor) => Recorded,
): Promise<Float32Array> {
  const xs = inputs.map((x, i) => upload(gpu, x, `test.x${i}`));
  const out = empty(gpu, outShape);
  let rec: Recorded | null = null;
  try {
    rec = record(xs, out);
    return await runAndRead(gpu, [rec], out);
  } finally {
    if (rec) releaseRecorded(gpu, rec);
    for (const t of [...xs, out]) gpu.buffers.release(t.buffer);
  }
}
