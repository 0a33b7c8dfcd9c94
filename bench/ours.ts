// Our GPU path, loaded with a dynamic import so that the benchmark still measures TensorFlow.js
// and the CPU when the GPU engine fails to load (a failure there is reported per case).
export { acquireGpu } from '../src/gpu/device';
export { createGpuBackend } from '../src/backend/gpuBackend';
