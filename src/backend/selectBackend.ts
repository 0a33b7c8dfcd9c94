// Chooses the compute engine at start-up: the GPU when WebGPU works, otherwise the CPU with a
// visible, non-blocking notice that says why.

import { acquireGpu } from '../gpu/device';
import type { Backend } from './backend';
import { createCpuBackend } from './cpuBackend';
import { createResilientBackend } from './resilientBackend';

export interface BackendChoice {
  /** navigator.gpu, if the browser has it. */
  readonly gpu: GPU | undefined;
  /** ?backend=cpu: compute on the CPU even where WebGPU works. */
  readonly forceCpu?: boolean;
}

export async function selectBackend(choice: BackendChoice): Promise<Backend> {
  if (choice.forceCpu)
    return createCpuBackend('Computing on the CPU, as the link asked (backend=cpu).');
  const got = await acquireGpu(choice.gpu);
  if (!got.ok) return createCpuBackend(`${capitalize(got.reason)} — computing on the CPU.`);
  return createResilientBackend(choice.gpu!, got.gpu);
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
