// Web Worker running the CPU forward pass off the main thread, so the page stays responsive.
// It keeps the last network's activations and reuses them when only the target layer changes.

import type { Tensor } from '../core/tensor';
import type { ForwardRequest } from './backend';
import { computeForward, pickReadback, requestKey } from './cpuCompute';

export interface WorkerRequest {
  readonly id: number;
  readonly request: ForwardRequest;
}
export type WorkerResponse =
  | {
      readonly id: number;
      readonly ok: true;
      readonly activations: [string, Tensor][];
      readonly millis: number;
    }
  | { readonly id: number; readonly ok: false; readonly message: string };

let cache: { key: string; activations: Map<string, Tensor> } | null = null;

self.onmessage = (event: MessageEvent<WorkerRequest>) => {
  const { id, request } = event.data;
  const t0 = performance.now();
  try {
    const key = requestKey(request);
    const reuse = cache?.key === key ? cache.activations : undefined;
    const activations = computeForward(request, reuse);
    cache = { key, activations: new Map([...(reuse ?? []), ...activations]) };
    const reply: WorkerResponse = {
      id,
      ok: true,
      activations: [...pickReadback(activations, request)],
      millis: performance.now() - t0,
    };
    self.postMessage(reply);
  } catch (e) {
    const reply: WorkerResponse = {
      id,
      ok: false,
      message: e instanceof Error ? e.message : String(e),
    };
    self.postMessage(reply);
  }
};
