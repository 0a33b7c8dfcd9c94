// Chooses the compute engine at start-up, and says which and why:
// - `?backend=cpu` / `?backend=gpu` force one;
// - otherwise the GPU when WebGPU gives a hardware adapter;
// - the CPU when WebGPU is missing or fails, and when the adapter is a software fallback
//   (SwiftShader: `isFallbackAdapter`), which runs the shaders on the CPU far slower than the
//   app's own CPU path (Tiny VGG: 2,943 ms against 83 ms, measured on the same machine).

import { acquireGpu } from '../gpu/device';
import type { Backend } from './backend';
import { createCpuBackend } from './cpuBackend';

export interface BackendChoice {
  /** navigator.gpu, if the browser has it. */
  readonly gpu: GPU | undefined;
  /** ?backend=cpu|gpu: compute there whatever the adapter. */
  readonly force?: 'cpu' | 'gpu';
}

export async function selectBackend(choice: BackendChoice): Promise<Backend> {
  if (choice.force === 'cpu')
    return createCpuBackend('Computing on the CPU, as the link asked (backend=cpu).', 'as asked');
  const got = await acquireGpu(choice.gpu);
  if (!got.ok)
    return createCpuBackend(`${capitalize(got.reason)} — computing on the CPU.`, 'no WebGPU');
  if (got.gpu.isFallbackAdapter && choice.force !== 'gpu') {
    got.gpu.device.destroy();
    return createCpuBackend(
      `Computing on the CPU: this browser's WebGPU is a software adapter (${got.gpu.adapterName}), slower than the CPU itself. Add backend=gpu to the address to use it anyway.`,
      'WebGPU here is software',
    );
  }
  // The GPU engine (its programs and runner) loads only when it is used.
  const { createResilientBackend } = await import('./resilientBackend');
  return createResilientBackend(
    choice.gpu!,
    got.gpu,
    choice.force === 'gpu' && got.gpu.isFallbackAdapter ? 'a software adapter, as asked' : null,
  );
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
