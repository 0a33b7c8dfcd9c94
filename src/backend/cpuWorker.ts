// Web Worker running the CPU forward pass off the main thread, so the page stays responsive.
// It keeps the last generation's activations (ForwardRequest.generation, bumped by the store on
// every change they depend on) and reuses them when only the target layer changes. Between
// layers it reports progress and reads its messages, so a cancel stops a stale pass early.

import type { Tensor } from '../core/tensor';
import { isCancelled, type ForwardProgress, type ForwardRequest } from './backend';
import { computeSteps, pickReadback } from './cpuCompute';
import { driveSteps } from './cpuSteps';

export type WorkerRequest =
  | {
      readonly type: 'forward';
      readonly id: number;
      /** Without `input` when it is the input of the worker's last generation. */
      readonly request: Omit<ForwardRequest, 'input'> & { readonly input?: Tensor };
    }
  | { readonly type: 'cancel'; readonly id: number };

export type WorkerResponse =
  | { readonly type: 'progress'; readonly id: number; readonly progress: ForwardProgress }
  | {
      readonly type: 'result';
      readonly id: number;
      readonly ok: true;
      readonly activations: [string, Tensor][];
      readonly millis: number;
    }
  | {
      readonly type: 'result';
      readonly id: number;
      readonly ok: false;
      readonly cancelled: boolean;
      readonly message: string;
    };

let cache: { generation: number; activations: Map<string, Tensor> } | null = null;
/**
 * The input of each recent generation, kept from the message that carried it: a later request of
 * the same generation comes without one, even when the first was cancelled before it ran.
 */
const inputs = new Map<number, Tensor>();
const KEEP_INPUTS = 4;
const cancelled = new Set<number>();
let queue: Promise<void> = Promise.resolve();

const post = (m: WorkerResponse, transfer: Transferable[] = []) =>
  self.postMessage(m, { transfer });

async function run(id: number, req: Extract<WorkerRequest, { type: 'forward' }>['request']) {
  const t0 = performance.now();
  try {
    const generation = req.generation;
    const same = generation !== undefined && cache?.generation === generation;
    const input = req.input ?? (generation !== undefined ? inputs.get(generation) : undefined);
    if (!input) throw new Error('the worker lost the input; the request must carry it');
    const request: ForwardRequest = { ...req, input };
    const reuse = same ? cache!.activations : undefined;
    const computed = await driveSteps(computeSteps(request, reuse), {
      onProgress: (progress) => post({ type: 'progress', id, progress }),
      cancelled: () => cancelled.has(id),
    });
    cache =
      generation === undefined
        ? null
        : { generation, activations: new Map([...(reuse ?? []), ...computed]) };
    // Copies of what was asked for, transferred: the main thread gets them without a second copy
    // and the worker keeps its own for the next request.
    const out = [...pickReadback(computed, request)].map(([k, t]): [string, Tensor] => [
      k,
      { shape: t.shape, data: t.data.slice() },
    ]);
    post(
      { type: 'result', id, ok: true, activations: out, millis: performance.now() - t0 },
      out.map(([, t]) => t.data.buffer as ArrayBuffer),
    );
  } catch (e) {
    post({
      type: 'result',
      id,
      ok: false,
      cancelled: isCancelled(e),
      message: e instanceof Error ? e.message : String(e),
    });
  } finally {
    cancelled.delete(id);
  }
}

self.onmessage = (event: MessageEvent<WorkerRequest>) => {
  const m = event.data;
  if (m.type === 'cancel') {
    cancelled.add(m.id);
    return;
  }
  const { generation, input } = m.request;
  if (generation !== undefined && input) {
    inputs.set(generation, input);
    for (const g of inputs.keys()) if (inputs.size > KEEP_INPUTS) inputs.delete(g);
  }
  queue = queue.then(() => run(m.id, m.request));
};
