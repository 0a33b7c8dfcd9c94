// The CPU backend: runs the reference ops in a Web Worker when the platform has workers, else
// inline (Node tests). Requests are answered in order; a cancelled one is answered at once (the
// worker stops it between layers; one stuck inside a single long layer is terminated and a fresh
// worker takes the requests still waiting).

import type { Tensor } from '../core/tensor';
import {
  BackendError,
  CancelledError,
  type Backend,
  type BackendStatus,
  type ForwardControl,
  type ForwardRequest,
  type ForwardResult,
} from './backend';
import { computeSteps, pickReadback } from './cpuCompute';
import { driveSteps } from './cpuSteps';
import type { WorkerRequest, WorkerResponse } from './cpuWorker';

/** How long a cancelled request may keep the worker busy before it is replaced, ms. */
const STUCK_MS = 1500;

interface Pending {
  readonly request: ForwardRequest;
  readonly control: ForwardControl | undefined;
  readonly resolve: (r: ForwardResult) => void;
  readonly reject: (e: Error) => void;
}

export function createCpuBackend(notice: string | null = null, why: string | null = null): Backend {
  const status: BackendStatus = { kind: 'cpu', notice, device: 'CPU', why };
  const base = { status: () => status, onChange: () => () => undefined };
  if (typeof Worker === 'undefined') return { ...base, ...inlineForward() };

  let worker: Worker;
  let nextId = 1;
  /** The generation whose input the current worker holds. */
  let sentGeneration: number | undefined;
  const pending = new Map<number, Pending>();
  /** Cancelled requests the worker has not answered yet. */
  const stopping = new Map<number, ReturnType<typeof setTimeout>>();

  const send = (id: number, p: Pending) => {
    const { request } = p;
    const same = request.generation !== undefined && request.generation === sentGeneration;
    const input = same
      ? undefined
      : { shape: request.input.shape, data: request.input.data.slice() };
    const message: WorkerRequest = { type: 'forward', id, request: { ...request, input } };
    worker.postMessage(message, input ? [input.data.buffer as ArrayBuffer] : []);
    sentGeneration = request.generation;
  };

  const start = () => {
    worker = new Worker(new URL('./cpuWorker.ts', import.meta.url), {
      type: 'module',
      name: 'cpu-forward',
    });
    sentGeneration = undefined;
    worker.onmessage = (event: MessageEvent<WorkerResponse>) => {
      const msg = event.data;
      if (msg.type === 'progress') {
        pending.get(msg.id)?.control?.onProgress?.(msg.progress);
        return;
      }
      clearTimeout(stopping.get(msg.id));
      stopping.delete(msg.id);
      const p = pending.get(msg.id);
      if (!p) return;
      pending.delete(msg.id);
      if (msg.ok) p.resolve({ activations: new Map(msg.activations), millis: msg.millis });
      else p.reject(msg.cancelled ? new CancelledError() : new BackendError(msg.message));
    };
    worker.onerror = (event) => {
      event.preventDefault();
      for (const p of pending.values())
        p.reject(new BackendError(`the CPU worker failed: ${event.message}`));
      pending.clear();
    };
  };

  /** The worker is stuck in a long layer of a cancelled request: replace it, resend the rest. */
  const restart = () => {
    worker.terminate();
    for (const t of stopping.values()) clearTimeout(t);
    stopping.clear();
    start();
    for (const [id, p] of pending) send(id, p);
  };

  start();
  return {
    ...base,
    forward(request: ForwardRequest, control?: ForwardControl) {
      const id = nextId++;
      return new Promise<ForwardResult>((resolve, reject) => {
        if (control?.signal?.aborted) return reject(new CancelledError());
        const p: Pending = { request, control, resolve, reject };
        pending.set(id, p);
        send(id, p);
        control?.signal?.addEventListener(
          'abort',
          () => {
            if (!pending.delete(id)) return;
            reject(new CancelledError());
            worker.postMessage({ type: 'cancel', id } satisfies WorkerRequest);
            stopping.set(id, setTimeout(restart, STUCK_MS));
          },
          { once: true },
        );
      });
    },
    dispose: () => worker.terminate(),
  };
}

function inlineForward(): Pick<Backend, 'forward' | 'dispose'> {
  let cache: { generation: number; activations: Map<string, Tensor> } | null = null;
  return {
    async forward(request, control) {
      const t0 = performance.now();
      const same = request.generation !== undefined && cache?.generation === request.generation;
      const reuse = same ? cache!.activations : undefined;
      const computed = await driveSteps(computeSteps(request, reuse), {
        onProgress: control?.onProgress,
        cancelled: () => control?.signal?.aborted ?? false,
      });
      cache =
        request.generation === undefined
          ? null
          : {
              generation: request.generation,
              activations: new Map([...(reuse ?? []), ...computed]),
            };
      return { activations: pickReadback(computed, request), millis: performance.now() - t0 };
    },
    dispose: () => undefined,
  };
}
