// The CPU backend: runs the reference ops in a Web Worker when the platform has workers, else
// inline (Node tests). Requests are answered in order; the store drops stale answers.

import {
  BackendError,
  type Backend,
  type BackendStatus,
  type ForwardRequest,
  type ForwardResult,
} from './backend';
import { computeForward, pickReadback } from './cpuCompute';
import type { WorkerRequest, WorkerResponse } from './cpuWorker';

export function createCpuBackend(notice: string | null = null): Backend {
  const status: BackendStatus = { kind: 'cpu', notice, device: 'CPU' };
  const base = { status: () => status, onChange: () => () => undefined };
  if (typeof Worker === 'undefined') return { ...base, ...inlineForward() };
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
    ...base,
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

function inlineForward(): Pick<Backend, 'forward' | 'dispose'> {
  return {
    async forward(request) {
      const t0 = performance.now();
      const activations = pickReadback(computeForward(request), request);
      return { activations, millis: performance.now() - t0 };
    },
    dispose: () => undefined,
  };
}
