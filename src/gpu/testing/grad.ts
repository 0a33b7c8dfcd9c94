// Test-only: buffers in and out for the backward programs' tests, which read several outputs of
// one submit (dx, dγ, dβ, saved statistics...). Every buffer taken goes back to the pool.

import { READBACK, STORAGE, type Gpu } from '../gpu';
import { encode, releaseRecorded, type GpuTensor, type Recorded } from '../programs/program';

type Data = Float32Array | Int32Array | Uint32Array;

/** Buffers a test took, released together. */
export class Taken {
  private readonly list: GPUBuffer[] = [];
  constructor(private readonly gpu: Gpu) {}

  /** A storage buffer holding `data` (at least 4 bytes). */
  data(data: Data, label = 'test.data'): GPUBuffer {
    const buffer = this.gpu.buffers.acquire(Math.max(4, data.byteLength), STORAGE, label);
    if (data.byteLength > 0) this.gpu.device.queue.writeBuffer(buffer, 0, data);
    this.list.push(buffer);
    return buffer;
  }

  tensor(shape: readonly number[], data: Float32Array, label = 'test.tensor'): GpuTensor {
    return { buffer: this.data(data, label), shape: [...shape] };
  }

  /** A storage buffer of `n` 32-bit values, filled with a NaN pattern so a missed write shows. */
  empty(n: number, label = 'test.empty'): GPUBuffer {
    return this.data(new Float32Array(Math.max(1, n)).fill(NaN), label);
  }

  emptyTensor(shape: readonly number[], label = 'test.out'): GpuTensor {
    return {
      buffer: this.empty(
        shape.reduce((a, b) => a * b, 1),
        label,
      ),
      shape: [...shape],
    };
  }

  release(): void {
    for (const b of this.list.splice(0)) this.gpu.buffers.release(b);
  }
}

/**
 * Records `programs` in one compute pass, submits, and reads back `reads` (buffer and count of
 * 32-bit values), as raw bytes; releases the programs' own buffers.
 */
export async function runAndReadBytes(
  gpu: Gpu,
  programs: readonly Recorded[],
  reads: readonly (readonly [GPUBuffer, number])[],
): Promise<ArrayBuffer[]> {
  const enc = gpu.device.createCommandEncoder({ label: 'test' });
  const pass = enc.beginComputePass({ label: 'test.pass' });
  for (const p of programs) encode(pass, p.dispatches);
  pass.end();
  const staging = reads.map(([, n]) =>
    gpu.buffers.acquire(Math.max(4, n * 4), READBACK, 'test.read'),
  );
  reads.forEach(([b, n], i) => {
    if (n > 0) enc.copyBufferToBuffer(b, 0, staging[i], 0, n * 4);
  });
  gpu.device.queue.submit([enc.finish()]);
  try {
    return await Promise.all(
      staging.map(async (s, i) => {
        const bytes = Math.max(4, reads[i][1] * 4);
        await s.mapAsync(GPUMapMode.READ, 0, bytes);
        const copy = s.getMappedRange(0, bytes).slice(0, reads[i][1] * 4);
        s.unmap();
        return copy;
      }),
    );
  } finally {
    for (const s of staging) gpu.buffers.release(s);
    for (const p of programs) releaseRecorded(gpu, p);
  }
}

/** runAndReadBytes, each read as float32. */
export async function runAndReadF32(
  gpu: Gpu,
  programs: readonly Recorded[],
  reads: readonly (readonly [GPUBuffer, number])[],
): Promise<Float32Array[]> {
  return (await runAndReadBytes(gpu, programs, reads)).map((b) => new Float32Array(b));
}
