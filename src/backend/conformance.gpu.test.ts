// The conformance suite against the GPU backend: real WebGPU through Dawn in Node (SwiftShader
// on machines without a GPU). In CI a missing adapter fails here; it is never skipped.
import { requireGpu, nodeGpu } from '../gpu/testing/nodeGpu';
import { createGpuBackend, type GpuBackend } from './gpuBackend';
import { defineConformance } from './conformance/suite';

let backend: GpuBackend | null = null;
defineConformance('GPU', async () => {
  if (!backend) {
    await requireGpu();
    const r = await nodeGpu();
    if ('reason' in r) throw new Error(r.reason);
    backend = createGpuBackend(r.device);
  }
  return backend;
});
