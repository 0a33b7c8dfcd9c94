import { it } from 'vitest';
import { requireGpu } from '../testing/nodeGpu';

const variants: Record<string, string> = {
  fixed: `
var<workgroup> t: array<vec4f, 256>;
@compute @workgroup_size(16, 16) fn main(@builtin(local_invocation_index) i: u32) {
  t[i / 4u][i % 4u] = x[i]; workgroupBarrier(); o[i] = t[(255u - i) / 4u][i % 4u]; }`,
  overrideSized: `
override N: u32 = 16u;
var<workgroup> t: array<vec4f, N * 16u>;
@compute @workgroup_size(N, 16) fn main(@builtin(local_invocation_index) i: u32) {
  t[i / 4u][i % 4u] = x[i]; workgroupBarrier(); o[i] = t[(255u - i) / 4u][i % 4u]; }`,
  big: `
var<workgroup> t: array<vec4f, 512>;
var<workgroup> t2: array<vec4f, 512>;
@compute @workgroup_size(16, 16) fn main(@builtin(local_invocation_index) i: u32) {
  t[i][i % 4u] = x[i]; t2[i] = vec4f(1); workgroupBarrier(); o[i] = t[(255u - i)][i % 4u] + t2[i].x; }`,
};

it('scratch', async () => {
  const gpu = await requireGpu();
  const only = process.env.V;
  for (let rep = 0; rep < 3; rep++)
  for (const [name, body] of Object.entries(variants)) {
    if (only && name !== only) continue;
    const code = `@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> o: array<f32>;\n${body}`;
    const m = gpu.device.createShaderModule({ code });
    const p = gpu.device.createComputePipeline({ layout: 'auto', compute: { module: m, entryPoint: 'main' } });
    const xb = gpu.device.createBuffer({ size: 1024, usage: 0x88 });
    const ob = gpu.device.createBuffer({ size: 1024, usage: 0x84 });
    const bg = gpu.device.createBindGroup({ layout: p.getBindGroupLayout(0), entries: [{ binding: 0, resource: { buffer: xb } }, { binding: 1, resource: { buffer: ob } }] });
    const enc = gpu.device.createCommandEncoder();
    const pass = enc.beginComputePass(); pass.setPipeline(p); pass.setBindGroup(0, bg); pass.dispatchWorkgroups(1); pass.end();
    gpu.device.queue.submit([enc.finish()]);
    await gpu.device.queue.onSubmittedWorkDone();
    console.warn('RESULT ok', name, rep);
  }
});
