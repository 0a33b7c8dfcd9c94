// The CPU computation behind the CPU backend, shared by the worker and the inline fallback:
// weights made on demand per layer (seeded, or fixed by the request), with a memory budget.

import { layerCost } from '../core/cost';
import { dependencies, inferShapes, type Inference } from '../core/infer';
import type { Tensor } from '../core/tensor';
import { forward } from '../cpu/forward';
import { BackendError, type ForwardRequest } from './backend';
import { layerParams } from './params';

/** The CPU preview makes each layer's weights on demand; one layer may hold at most this many. */
export const CPU_MAX_LAYER_WEIGHTS = 40_000_000;

/** Refuses, before any work, a layer whose weights would not fit the CPU preview's budget. */
export function checkBudget(inference: Inference, upTo?: string): void {
  const need = dependencies(inference, upTo);
  for (const ls of inference.layers) {
    if (!need.has(ls.id) || ls.status !== 'ok') continue;
    // The largest parameter array of the layer (its kernel or matrix), from the core's costs.
    const count = layerCost(ls)?.weights ?? 0;
    if (count > CPU_MAX_LAYER_WEIGHTS) {
      const mib = ((count * 4) / 2 ** 20).toFixed(0);
      throw new BackendError(
        `layer '${ls.id}' has ${count.toLocaleString('en-US')} weights (${mib} MiB), more than the CPU preview's budget of ${CPU_MAX_LAYER_WEIGHTS.toLocaleString('en-US')}; its shape and costs are still exact — select an earlier layer to see feature maps`,
      );
    }
  }
}

/** A key naming everything the activations depend on except `upTo`. */
export function requestKey(request: ForwardRequest): string {
  const d = request.input.data;
  let h = 0;
  for (let i = 0; i < d.length; i += Math.max(1, Math.floor(d.length / 4096)))
    h = (h * 31 + Math.round(d[i] * 1e6)) | 0;
  return JSON.stringify([
    request.network,
    request.seed,
    request.fixedWeights ?? null,
    request.batchNormMode ?? 'inference',
    d.length,
    h,
  ]);
}

export function computeForward(
  request: ForwardRequest,
  reuse?: ReadonlyMap<string, Tensor>,
  inference: Inference = inferShapes(request.network),
): Map<string, Tensor> {
  if (inference.inputError)
    throw new BackendError(`the input is invalid: ${inference.inputError.message}`);
  checkBudget(inference, request.upTo);
  return forward(inference, request.input, {
    params: layerParams(request),
    upTo: request.upTo,
    reuse,
    batchNormMode: request.batchNormMode,
  });
}

/** The activations the request asked for (all computed ones when it named none). */
export function pickReadback(
  all: ReadonlyMap<string, Tensor>,
  request: ForwardRequest,
): Map<string, Tensor> {
  if (!request.readback) return new Map(all);
  return new Map(request.readback.filter((id) => all.has(id)).map((id) => [id, all.get(id)!]));
}
