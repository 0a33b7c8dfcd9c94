// Bind groups by binding number, for the backward shaders whose entry points each use a different
// subset of one declared set of bindings (a layout 'auto' pipeline holds only the bindings its
// entry point uses, so the numbers are not 0..n−1 as program.ts's bindGroup assumes).

import type { Gpu } from '../../gpu';

export function bindAt(
  gpu: Gpu,
  pipeline: GPUComputePipeline,
  label: string,
  buffers: Readonly<Record<number, GPUBuffer>>,
): GPUBindGroup {
  return gpu.device.createBindGroup({
    label,
    layout: pipeline.getBindGroupLayout(0),
    entries: Object.entries(buffers).map(([binding, buffer]) => ({
      binding: Number(binding),
      resource: { buffer },
    })),
  });
}

/** Throws unless `a` and `b` have the same shape (a program's own argument check). */
export function sameShape(label: string, what: string, a: readonly number[], b: readonly number[]) {
  if (a.length !== b.length || a.some((v, i) => v !== b[i])) {
    throw new RangeError(`${label}: ${what} [${a.join(', ')}] and [${b.join(', ')}] differ`);
  }
}
