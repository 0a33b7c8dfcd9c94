// The CPU training worker: a thin shell over runSession (sessionRun.ts) with the CPU engine, so
// the page never blocks on a training step. Protocol: trainProtocol.ts.

import { createCpuEngine } from './cpuEngine';
import { runSession, type SessionControl } from './sessionRun';
import { SessionRefusedError } from './sessionSpec';
import type { TrainWorkerRequest, TrainWorkerResponse } from './trainProtocol';

const post = (m: TrainWorkerResponse, transfer: Transferable[] = []) =>
  self.postMessage(m, { transfer });

let session: SessionControl | null = null;

self.onmessage = (event: MessageEvent<TrainWorkerRequest>) => {
  const m = event.data;
  if (m.type !== 'start') {
    session?.[m.type]();
    return;
  }
  if (session) return; // one session per worker
  session = runSession(m.spec, createCpuEngine, (e) => {
    // The snapshot's arrays are the worker's own copies: moved, not copied again.
    const buffers = new Set<ArrayBuffer>();
    if (e.type === 'params')
      for (const p of Object.values(e.params))
        for (const a of Object.values(p)) buffers.add((a as Float32Array).buffer as ArrayBuffer);
    post({ type: 'event', event: e }, [...buffers]);
  });
  session.finished.then(
    (r) =>
      post({
        type: 'finished',
        reason: r.reason,
        ...(r.message !== undefined ? { message: r.message } : {}),
      }),
    (e: unknown) =>
      post({
        type: e instanceof SessionRefusedError ? 'refused' : 'error',
        message: e instanceof Error ? e.message : String(e),
      }),
  );
};
