// Chooses the compute engine at start-up. Until the WebGPU engine lands, the CPU backend is the
// only implementation; this is the one place that will decide between them.

import type { Backend } from './backend';
import { createCpuBackend } from './cpuBackend';

export function selectBackend(): Backend {
  return createCpuBackend(null);
}
