// The CPU computation behind the CPU backend, shared by the worker and the inline fallback:
// weights made on demand per layer (seeded, or fixed by the request), with a memory budget.

import { layerCost } from '../core/cost';
import { dependencies, inferShapes, type Inference } from '../core/infer';
import { LIMITS } from '../core/limits';
import type { Tensor } from '../core/tensor';
import { forward, forwardSteps, type ForwardStep } from '../cpu/forward';
import { BackendError, type ForwardRequest } from './backend';
import { layerParams } from './params';

/** The CPU preview makes each layer's weights on demand; one layer may hold at most this many. */
export const CPU_MAX_LAYER_WEIGHTS = LIMITS.cpuLayerWeights;

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

function prepare(request: ForwardRequest, inference: Inference) {
  if (inference.inputError)
    throw new BackendError(`the input is invalid: ${inference.inputError.message}`);
  checkBudget(inference, request.upTo);
  return {
    params: layerParams(request),
    upTo: request.upTo,
    batchNormMode: request.batchNormMode,
  };
}

export function computeForward(
  request: ForwardRequest,
  reuse?: ReadonlyMap<string, Tensor>,
  inference: Inference = inferShapes(request.network),
): Map<string, Tensor> {
  return forward(inference, request.input, { ...prepare(request, inference), reuse });
}

/** The same computation one layer at a time (progress, cancellation between layers). */
export function computeSteps(
  request: ForwardRequest,
  reuse?: ReadonlyMap<string, Tensor>,
  inference: Inference = inferShapes(request.network),
): Generator<ForwardStep, Map<string, Tensor>> {
  return forwardSteps(inference, request.input, { ...prepare(request, inference), reuse });
}

/** The activations the request asked for (all computed ones when it named none). */
export function pickReadback(
  all: ReadonlyMap<string, Tensor>,
  request: Pick<ForwardRequest, 'readback'>,
): Map<string, Tensor> {
  if (!request.readback) return new Map(all);
  return new Map(request.readback.filter((id) => all.has(id)).map((id) => [id, all.get(id)!]));
}
