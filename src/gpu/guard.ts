// Resource guard: refuses, before any dispatch, a network whose buffers would not fit the
// adapter's limits or a sane memory budget, naming the layer and the size.

import { layerCost } from '../core/cost';
import type { Inference, OkShape } from '../core/infer';

/** Total GPU memory one network may hold (weights + activations), bytes. */
export const GPU_MEMORY_BUDGET = 1.5 * 2 ** 30;

export class ResourceError extends Error {
  override readonly name = 'ResourceError';
}

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

/**
 * Bytes of the layer's largest parameter buffer: its kernel or matrix (or batch/layer norm's
 * gamma), i.e. the core's weight count (src/core/cost.ts) in float32.
 */
export function paramBytes(ls: OkShape): number {
  return 4 * (layerCost(ls)?.weights ?? 0);
}

export function checkResources(
  inference: Inference,
  need: ReadonlySet<string>,
  limits: GPUSupportedLimits,
): void {
  const maxBinding = Math.min(limits.maxStorageBufferBindingSize, limits.maxBufferSize);
  let total = 0;
  for (const ls of inference.layers) {
    if (!need.has(ls.id) || ls.status !== 'ok') continue;
    const act = 4 * ls.shape.reduce((a, b) => a * b, 1);
    const params = paramBytes(ls);
    for (const [what, bytes] of [
      ['output', act],
      ['weights', params],
    ] as const) {
      if (bytes > maxBinding) {
        throw new ResourceError(
          `layer '${ls.id}' needs ${mib(bytes)} for its ${what}, more than this GPU allows in one buffer (${mib(maxBinding)}); try a smaller input or select an earlier layer`,
        );
      }
    }
    total += act + params;
  }
  if (total > GPU_MEMORY_BUDGET) {
    throw new ResourceError(
      `this network needs ${mib(total)} of GPU memory up to the selected layer, more than the ${mib(GPU_MEMORY_BUDGET)} budget; select an earlier layer or use a smaller input`,
    );
  }
}
