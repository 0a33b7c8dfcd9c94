// Our GPU training engine, found at build time: `src/backend/train/gpuEngine.ts` exporting
// `createGpuEngine(gpu): EngineFactory`. Until that file exists the glob below matches nothing
// and the benchmark reports our GPU path as unavailable (ours_eps null) and runs the others.

import { acquireGpu, type GpuDevice } from '../../src/gpu/device';
import type { EngineFactory } from '../../src/train/engine';

interface GpuEngineModule {
  /** Takes the project's GpuDevice; if it takes a raw GPUDevice, pass `gpu.device` below. */
  readonly createGpuEngine?: (gpu: GpuDevice) => EngineFactory;
}

const modules = import.meta.glob<GpuEngineModule>('../../src/backend/train/gpuEngine.ts');

export type OursGpu =
  | { readonly ok: true; readonly factory: EngineFactory; readonly adapter: string }
  | { readonly ok: false; readonly reason: string };

export async function loadOursGpu(): Promise<OursGpu> {
  const load = Object.values(modules)[0];
  if (!load) return { ok: false, reason: 'src/backend/train/gpuEngine.ts does not exist yet' };
  const mod = await load();
  if (typeof mod.createGpuEngine !== 'function') {
    return { ok: false, reason: 'src/backend/train/gpuEngine.ts exports no createGpuEngine' };
  }
  const acquired = await acquireGpu(navigator.gpu, 'bench-train');
  if (!acquired.ok) return { ok: false, reason: `no GPU device: ${acquired.reason}` };
  return {
    ok: true,
    factory: mod.createGpuEngine(acquired.gpu),
    adapter: acquired.gpu.adapterName,
  };
}
