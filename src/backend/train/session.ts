// A training session the studio drives without blocking the page. engine 'cpu': the Trainer
// with the CPU engine in a dedicated Web Worker (trainWorker.ts; inline where the platform has
// no workers, as in Node tests). engine 'gpu': the Trainer on the page with the GPU engine (its
// work is asynchronous). Both send the same SessionEvents: the trainer's step / eval / paused /
// resumed / recovered / done, and 'params' snapshots every `snapshotEvery` steps, at each pause
// and once at the end (just before 'done').
//
// Refusals: a spec the network or the dataset cannot train (wrong input size, wrong number of
// outputs, no MNIST bytes, an empty set) sends NO events; `finished` rejects with a
// SessionRefusedError whose message is the sentence to show. `sessionRefusal(spec)` gives the
// same sentence synchronously, without the bytes, for the studio to show before starting.
// A run that fails while training (a NaN loss, a lost device beyond recovery) ends with a
// 'done' event of reason 'failed' and its message, and `finished` resolves with them.

import type { GpuDevice } from '../../gpu/device';
import type { LayerParams } from '../../core/weights';
import type { EngineFactory } from '../../train/engine';
import { createCpuEngine } from './cpuEngine';
import { gpuEngineFactory } from './gpuEngine';
import { runSession, type SessionControl } from './sessionRun';
import {
  SessionRefusedError,
  type SessionEvent,
  type SessionResult,
  type SessionSpec,
} from './sessionSpec';
import type { TrainWorkerRequest, TrainWorkerResponse } from './trainProtocol';

export {
  augmentShift,
  sessionRefusal,
  SessionRefusedError,
  type SessionDataset,
  type SessionEvent,
  type SessionResult,
  type SessionSpec,
} from './sessionSpec';

export interface Session {
  pause(): void;
  resume(): void;
  stop(): void;
  /** One step while paused (the studio's "one step" button); ignored while running. */
  stepOnce(): void;
  /** Listens to every event from now on; returns the unsubscribe. */
  on(listener: (e: SessionEvent) => void): () => void;
  /**
   * Resolves with the last parameters after 'done'; rejects with a SessionRefusedError when the
   * session was refused before training (no events are sent then).
   */
  readonly finished: Promise<SessionResult>;
}

export interface SessionDeps {
  /** A working WebGPU device (the same while it lives, a new one after a loss); for 'gpu'. */
  readonly gpu?: () => Promise<GpuDevice>;
  /**
   * Where a CPU session runs: 'worker' (default where Worker exists) or 'inline' on this thread
   * (Node, tests).
   */
  readonly cpuOn?: 'worker' | 'inline';
}

export function startSession(spec: SessionSpec, deps: SessionDeps = {}): Session {
  const listeners = new Set<(e: SessionEvent) => void>();
  const emit = (e: SessionEvent) => {
    for (const l of listeners) l(e);
  };
  const on = (l: (e: SessionEvent) => void) => {
    listeners.add(l);
    return () => void listeners.delete(l);
  };
  if (spec.engine === 'gpu') {
    const gpu = deps.gpu;
    if (!gpu) {
      const finished = Promise.reject(
        new SessionRefusedError('The GPU engine needs a WebGPU device, and none was given.'),
      );
      const nothing = () => undefined;
      return { pause: nothing, resume: nothing, stop: nothing, stepOnce: nothing, on, finished };
    }
    return { ...inline(spec, gpuEngineFactory(gpu), emit), on };
  }
  const where = deps.cpuOn ?? (typeof Worker === 'undefined' ? 'inline' : 'worker');
  if (where === 'inline') return { ...inline(spec, createCpuEngine, emit), on };
  return { ...inWorker(spec, emit), on };
}

function inline(
  spec: SessionSpec,
  engine: EngineFactory,
  emit: (e: SessionEvent) => void,
): SessionControl {
  // Events go out after the call that caused them returns, as from a worker.
  return runSession(spec, engine, (e) => queueMicrotask(() => emit(e)));
}

function inWorker(spec: SessionSpec, emit: (e: SessionEvent) => void): SessionControl {
  const worker = new Worker(new URL('./trainWorker.ts', import.meta.url), {
    type: 'module',
    name: 'train',
  });
  const send = (m: TrainWorkerRequest, transfer: Transferable[] = []) =>
    worker.postMessage(m, transfer);
  let last: Record<string, LayerParams> = { ...spec.params };
  const finished = new Promise<SessionResult>((resolve, reject) => {
    worker.onmessage = (event: MessageEvent<TrainWorkerResponse>) => {
      const m = event.data;
      if (m.type === 'event') {
        if (m.event.type === 'params') last = m.event.params;
        emit(m.event);
        return;
      }
      worker.terminate();
      if (m.type === 'finished')
        resolve({
          reason: m.reason,
          ...(m.message !== undefined ? { message: m.message } : {}),
          params: last,
        });
      else if (m.type === 'refused') reject(new SessionRefusedError(m.message));
      else reject(new Error(m.message));
    };
    worker.onerror = (event) => {
      event.preventDefault();
      worker.terminate();
      reject(new Error(`the training worker failed: ${event.message}`));
    };
  });
  // The MNIST bytes are copied once and the copy moved to the worker (the caller's stay usable).
  const bytes = spec.dataset.mnistBytes?.slice();
  const sent: SessionSpec = bytes
    ? { ...spec, dataset: { ...spec.dataset, mnistBytes: bytes } }
    : spec;
  send({ type: 'start', spec: sent }, bytes ? [bytes.buffer] : []);
  return {
    pause: () => send({ type: 'pause' }),
    resume: () => send({ type: 'resume' }),
    stop: () => send({ type: 'stop' }),
    stepOnce: () => send({ type: 'stepOnce' }),
    finished,
  };
}
