// Drives a CPU forward pass one layer at a time: reports progress, lets the thread's other work
// (a worker's next message, the page) run between layers, and stops when cancelled.

import type { Tensor } from '../core/tensor';
import type { ForwardStep } from '../cpu/forward';
import { CancelledError, type ForwardProgress } from './backend';

/** Longest stretch without giving the event loop a turn, ms. */
const YIELD_MS = 25;

const nextTurn = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export async function driveSteps(
  steps: Generator<ForwardStep, Map<string, Tensor>>,
  opts: { onProgress?: (p: ForwardProgress) => void; cancelled: () => boolean },
): Promise<Map<string, Tensor>> {
  let last = performance.now();
  for (;;) {
    if (opts.cancelled()) throw new CancelledError();
    const r = steps.next();
    if (r.done) return r.value;
    if (!r.value.reused)
      opts.onProgress?.({ done: r.value.done, total: r.value.total, layerId: r.value.id });
    if (performance.now() - last > YIELD_MS) {
      await nextTurn();
      last = performance.now();
    }
  }
}
