// The GPU context every program receives: the device, its limits, and the shared caches.

import { BufferPool } from './bufferPool';
import { PipelineCache } from './pipelineCache';

export interface Gpu {
  readonly device: GPUDevice;
  readonly limits: GPUSupportedLimits;
  readonly pipelines: PipelineCache;
  readonly buffers: BufferPool;
}

export function createGpu(device: GPUDevice): Gpu {
  return {
    device,
    limits: device.limits,
    pipelines: new PipelineCache(device),
    buffers: new BufferPool(device),
  };
}

export const STORAGE = 0x0080 | 0x0004 | 0x0008; // STORAGE | COPY_SRC | COPY_DST
export const UNIFORM = 0x0040 | 0x0008; // UNIFORM | COPY_DST
export const READBACK = 0x0001 | 0x0008; // MAP_READ | COPY_DST
