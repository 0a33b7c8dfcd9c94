import { it } from 'vitest';
import { requireGpu } from '../testing/nodeGpu';

it('scratch', async () => {
  const gpu = await requireGpu();
  const l = gpu.limits;
  console.warn(l.maxComputeWorkgroupStorageSize, l.maxComputeInvocationsPerWorkgroup, l.maxComputeWorkgroupsPerDimension, l.maxStorageBufferBindingSize, l.maxBufferSize, l.maxStorageBuffersPerShaderStage);
  const code = `
@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(0) var<storage, read> x4: array<vec4f>;
@group(0) @binding(1) var<storage, read_write> o: array<f32>;
override N: u32 = 4;
var<workgroup> sh: array<f32, N * 64>;
@compute @workgroup_size(64) fn a(@builtin(local_invocation_index) i: u32) { sh[i] = x[i]; workgroupBarrier(); o[i] = sh[63-i]; }
@compute @workgroup_size(64) fn b(@builtin(local_invocation_index) i: u32) { o[i] = x4[i].y; }
`;
  gpu.device.pushErrorScope('validation');
  const m = gpu.device.createShaderModule({ code, label: 't' });
  const info = await m.getCompilationInfo();
  console.warn(info.messages.map((x) => x.message));
  for (let k = 0; k < 5; k++) {
    const t0 = performance.now();
    const p = gpu.device.createComputePipeline({ layout: 'auto', compute: { module: m, entryPoint: k % 2 ? 'b' : 'a', constants: k%2 ? {} : { N: k + 1 } } });
    console.warn('pipeline ms', performance.now() - t0, p.label);
  }
  console.warn(await gpu.device.popErrorScope());
});
