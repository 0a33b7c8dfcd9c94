// The CPU backend: runs the reference ops in a Web Worker when the platform has workers, else
// inline (Node tests). Only the newest request's answer is delivered; older ones are dropped.

import { BackendError, type Backend, type ForwardRequest, type ForwardResult } from './backend';
import { computeForward } from './cpuCompute';
import type { WorkerRequest, WorkerResponse } from './cpuWorker';

export function createCpuBackend(notice: string | null = null): Backend {
  if (typeof Worker === 'undefined') return inlineBackend(notice);
  const worker = new Worker(new URL('./cpuWorker.ts', import.meta.url), {
    type: 'module',
    name: 'cpu-forward',
  });
  let nextId = 1;
  const pending = new Map<
    number,
    { resolve: (r: ForwardResult) => void; reject: (e: Error) => void }
  >();
  worker.onmessage = (event: MessageEvent<WorkerResponse>) => {
    const msg = event.data;
    const p = pending.get(msg.id);
    if (!p) return;
    pending.delete(msg.id);
    if (msg.ok) p.resolve({ activations: new Map(msg.activations), millis: msg.millis });
    else p.reject(new BackendError(msg.message));
  };
  worker.onerror = (event) => {
    event.preventDefault();
    for (const p of pending.values())
      p.reject(new BackendError(`the CPU worker failed: ${event.message}`));
    pending.clear();
  };
  return {
    kind: 'cpu',
    notice,
    forward(request: ForwardRequest) {
      const id = nextId++;
      const message: WorkerRequest = { id, request };
      return new Promise<ForwardResult>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker.postMessage(message);
      });
    },
    dispose: () => worker.terminate(),
  };
}

function inlineBackend(notice: string | null): Backend {
  return {
    kind: 'cpu',
    notice,
    async forward(request) {
      const t0 = performance.now();
      const activations = computeForward(request);
      return { activations, millis: performance.now() - t0 };
    },
    dispose: () => undefined,
  };
}
