// A trained network's held-out accuracy as the app computes it: the shipped safetensors file read
// as the app reads weights (named tensors checked against the network, then hand-set parameters)
// and the CPU forward pass of the app's preview (src/cpu/forward.ts), argmax of the output. The
// training scripts write the accuracy this measures into their JSON, and the tests measure it
// again from the committed file, so the stated number is the file's.

import { gatherBatch, type Dataset } from '../../src/core/data/dataset';
import { inferShapes, type OkShape } from '../../src/core/infer';
import type { Network } from '../../src/core/layers';
import { decodeSafetensors } from '../../src/core/weightsFile/safetensors';
import { tensorsToFixed } from '../../src/core/weightsFile/namedWeights';
import { fixedLayerParams, type LayerParams } from '../../src/core/weights';
import { forward } from '../../src/cpu/forward';

/** A safetensors file's parameters by layer id, checked against `network` (names, lengths). */
export function readWeights(
  network: Network,
  bytes: Uint8Array,
): { params: Record<string, LayerParams>; metadata: Readonly<Record<string, string>> } {
  const file = decodeSafetensors(bytes);
  const inference = inferShapes(network);
  const fixed = tensorsToFixed(inference, file.tensors);
  const params: Record<string, LayerParams> = {};
  for (const ls of inference.layers)
    if (ls.status === 'ok' && fixed[ls.id]) params[ls.id] = fixedLayerParams(ls, fixed[ls.id]);
  return { params, metadata: file.metadata };
}

export interface Evaluation {
  readonly correct: number;
  readonly examples: number;
  readonly accuracy: number;
  /** Per class: [correct, examples]. */
  readonly perClass: [number, number][];
}

/** Accuracy of `params` on every example of `data`, through the CPU forward, `batch` at a time. */
export function evaluate(
  network: Network,
  params: Readonly<Record<string, LayerParams>>,
  data: Dataset,
  batch = 100,
): Evaluation {
  const perClass: [number, number][] = data.classes.map(() => [0, 0]);
  const inferences = new Map<number, ReturnType<typeof inferShapes>>();
  let correct = 0;
  for (let from = 0; from < data.size; from += batch) {
    const n = Math.min(batch, data.size - from);
    let inference = inferences.get(n);
    if (!inference) {
      inference = inferShapes({ ...network, input: { ...network.input, n } });
      inferences.set(n, inference);
    }
    const idx = Int32Array.from({ length: n }, (_, k) => from + k);
    const { images, labels } = gatherBatch(data, idx);
    const acts = forward(
      inference,
      { shape: [n, ...data.shape], data: images },
      { params: (ls: OkShape) => params[ls.id] ?? {} },
    );
    const out = acts.get(inference.layers.at(-1)!.id)!;
    const k = out.shape[1];
    for (let i = 0; i < n; i++) {
      let best = 0;
      for (let j = 1; j < k; j++) if (out.data[i * k + j] > out.data[i * k + best]) best = j;
      perClass[labels[i]][1]++;
      if (best === labels[i]) {
        correct++;
        perClass[labels[i]][0]++;
      }
    }
  }
  return { correct, examples: data.size, accuracy: correct / data.size, perClass };
}
