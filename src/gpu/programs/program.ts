// The contract every op program follows: given GPU tensors and the layer's settings, it returns
// the dispatches to record (pipeline + bind group + workgroup counts) and the uniform buffers it
// owns. The runner records many programs into one compute pass and submits once.

import type { Shape } from '../../core/shape';
import { UNIFORM, type Gpu } from '../gpu';
import type { UniformLayout } from '../uniforms';

/** A float32 NCHW tensor resident in a storage buffer, starting at byte 0. */
export interface GpuTensor {
  readonly buffer: GPUBuffer;
  readonly shape: Shape;
}

export interface Dispatch {
  readonly label: string;
  readonly pipeline: GPUComputePipeline;
  readonly bindGroup: GPUBindGroup;
  readonly workgroups: readonly [number, number, number];
}

export interface Recorded {
  readonly dispatches: readonly Dispatch[];
  /** Buffers the program allocated (uniforms, scratch): returned to the pool on release. */
  readonly owned: readonly GPUBuffer[];
}

export const numel = (shape: Shape): number => shape.reduce((a, b) => a * b, 1);

/** A uniform buffer from the pool holding `values`, packed by `layout`. */
export function uniformBuffer<K extends string>(
  gpu: Gpu,
  layout: UniformLayout<K>,
  values: Readonly<Record<K, number | readonly number[]>>,
  label: string,
): GPUBuffer {
  const buffer = gpu.buffers.acquire(layout.size, UNIFORM, label);
  gpu.device.queue.writeBuffer(buffer, 0, layout.pack(values));
  return buffer;
}

export function bindGroup(
  gpu: Gpu,
  pipeline: GPUComputePipeline,
  label: string,
  buffers: readonly GPUBuffer[],
): GPUBindGroup {
  return gpu.device.createBindGroup({
    label,
    layout: pipeline.getBindGroupLayout(0),
    entries: buffers.map((buffer, binding) => ({ binding, resource: { buffer } })),
  });
}

/**
 * Workgroup counts for `invocations` threads in groups of `size`, split over x and y when one
 * dimension would exceed the device limit. Shaders rebuild the index as
 * gid.x + gid.y * (num_workgroups.x * size) (see shaders/common/index.wgsl).
 */
export function grid1d(gpu: Gpu, invocations: number, size: number): [number, number, number] {
  const groups = Math.max(1, Math.ceil(invocations / size));
  const maxX = gpu.limits.maxComputeWorkgroupsPerDimension;
  if (groups <= maxX) return [groups, 1, 1];
  const y = Math.ceil(groups / maxX);
  if (y > maxX)
    throw new RangeError(`${invocations} invocations exceed the device's dispatch limits`);
  return [Math.ceil(groups / y), y, 1];
}

export function encode(pass: GPUComputePassEncoder, dispatches: readonly Dispatch[]): void {
  for (const d of dispatches) {
    pass.setPipeline(d.pipeline);
    pass.setBindGroup(0, d.bindGroup);
    pass.dispatchWorkgroups(d.workgroups[0], d.workgroups[1], d.workgroups[2]);
  }
}

export function releaseRecorded(gpu: Gpu, r: Recorded): void {
  for (const b of r.owned) gpu.buffers.release(b);
}
