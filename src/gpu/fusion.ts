// Which activations the runner fuses into the conv2d or linear layer before them: one dispatch
// that writes the activation's output (shaders/common/activate.wgsl in the conv's or linear's
// epilogue) instead of two dispatches and a round trip through memory.

import type { OkShape } from '../core/infer';
import type { ActivationLayer } from '../core/layers';

/** An activation layer and the layer it reads. */
export type ActivationShape = OkShape & { readonly layer: ActivationLayer };

/**
 * Producer id → the activation fused into it. A conv2d or linear layer is fused with the
 * activation after it when, among the layers computed, that activation is its only consumer and
 * reads nothing else, and the producer's own (pre-activation) output is not read back: nothing
 * then needs the values the fused dispatch never writes.
 */
export function fusedActivations(
  layers: readonly OkShape[],
  readback: readonly string[],
): Map<string, ActivationShape> {
  const consumers = new Map<string, OkShape[]>();
  for (const ls of layers) {
    for (const id of ls.inputs) consumers.set(id, [...(consumers.get(id) ?? []), ls]);
  }
  const fused = new Map<string, ActivationShape>();
  for (const ls of layers) {
    if (ls.layer.kind !== 'conv2d' && ls.layer.kind !== 'linear') continue;
    if (readback.includes(ls.id)) continue;
    const users = consumers.get(ls.id) ?? [];
    const act = users[0];
    if (users.length !== 1 || act.layer.kind !== 'activation' || act.inputs.length !== 1) continue;
    fused.set(ls.id, act as ActivationShape);
  }
  return fused;
}
