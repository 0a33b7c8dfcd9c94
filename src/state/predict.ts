// The prediction phase of the compute loop: after the selected layer's maps, the classifier's
// output (core/prediction.ts), reusing the generation's activations. A network whose whole
// forward pass is cheap (LIMITS.autoPredictMacs) predicts on every change; a bigger one (VGG-16
// on the CPU would take seconds per edit) waits for the panel's button. A prediction that fails
// (a layer over the CPU preview's budget) is said in the panel; the maps stay as computed.

import { isCancelled, type Backend, type ForwardRequest } from '../backend/backend';
import type { Inference } from '../core/infer';
import { LIMITS } from '../core/limits';
import { classifierOutput } from '../core/prediction';
import type { Tensor } from '../core/tensor';
import type { AppState } from './store';

type ComputePatch = Partial<AppState['compute']>;

export async function predict(
  backend: Backend,
  request: ForwardRequest,
  computed: ReadonlyMap<string, Tensor>,
  inference: Inference,
  macs: number,
  opts: {
    readonly asked: boolean;
    readonly signal: AbortSignal;
    readonly set: (patch: ComputePatch) => void;
  },
): Promise<void> {
  const classifier = classifierOutput(inference);
  if (!classifier) {
    opts.set({ prediction: null, predictionStatus: 'none', predictionMessage: null });
    return;
  }
  let out = computed.get(classifier.layerId);
  if (!out && macs > LIMITS.autoPredictMacs && !opts.asked) {
    opts.set({ prediction: null, predictionStatus: 'on-demand', predictionMessage: null });
    return;
  }
  try {
    out ??= (
      await backend.forward(
        { ...request, upTo: classifier.layerId, readback: [classifier.layerId] },
        { signal: opts.signal },
      )
    ).activations.get(classifier.layerId);
  } catch (e) {
    if (isCancelled(e)) throw e;
    opts.set({
      prediction: null,
      predictionStatus: 'error',
      predictionMessage: e instanceof Error ? e.message : String(e),
    });
    return;
  }
  if (!out) return;
  opts.set({
    prediction: {
      layerId: classifier.layerId,
      scores: out.data.slice(0, classifier.classes),
      probabilities: classifier.probabilities,
    },
    predictionStatus: 'ready',
    predictionMessage: null,
  });
}
