// Our GPU training engine (src/backend/train/gpuEngine.ts) on the page's WebGPU adapter.

import { gpuEngineFactory } from '../../src/backend/train/gpuEngine';
import { acquireGpu } from '../../src/gpu/device';
import type { EngineFactory } from '../../src/train/engine';

export type OursGpu =
  | { readonly ok: true; readonly factory: EngineFactory; readonly adapter: string }
  | { readonly ok: false; readonly reason: string };

export async function loadOursGpu(): Promise<OursGpu> {
  const acquired = await acquireGpu(navigator.gpu, 'bench-train');
  if (!acquired.ok) return { ok: false, reason: `no GPU device: ${acquired.reason}` };
  const gpu = acquired.gpu;
  return {
    ok: true,
    factory: gpuEngineFactory(() => Promise.resolve(gpu)),
    adapter: gpu.adapterName,
  };
}
