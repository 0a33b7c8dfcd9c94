// The confusion matrix of the network on screen over a held-out set, with the CPU forward pass in
// batches on the page, yielding between batches so the page stays responsive (LeNet-5 on MNIST's
// 1,505 held-out digits: about a second). Each example is fitted to the network's input as the
// input panel fits it (core/data/fitExample.ts: MNIST centred in LeNet's 32×32).

import type { Dataset } from '../../core/data/dataset';
import { fitExample } from '../../core/data/fitExample';
import { inferShapes } from '../../core/infer';
import type { Network } from '../../core/layers';
import { classifierOutput, softmax } from '../../core/prediction';
import { addBatch, emptyConfusion, type Confusion } from '../../core/train/confusion';
import type { LayerParams } from '../../core/weights';
import { forward } from '../../cpu/forward';

export async function heldOutConfusion(
  network: Network,
  params: Readonly<Record<string, LayerParams>>,
  data: Dataset,
  opts: { readonly limit?: number; readonly batch?: number; readonly signal?: AbortSignal } = {},
): Promise<Confusion> {
  const batch = opts.batch ?? 64;
  const count = Math.min(data.size, opts.limit ?? data.size);
  const net = { ...network, input: { ...network.input, n: batch } };
  const inference = inferShapes(net);
  const out = classifierOutput(inference);
  if (!out) throw new Error('the network does not end in class scores');
  if (out.classes !== data.classes.length)
    throw new Error(
      `the network scores ${out.classes} classes; ${data.name} has ${data.classes.length}`,
    );
  const { c, h, w } = net.input;
  const per = c * h * w;
  const [dc, dh, dw] = data.shape;
  const scratch = new Float32Array(dc * dh * dw);
  let confusion: Confusion = emptyConfusion(out.classes);
  for (let from = 0; from < count; from += batch) {
    if (opts.signal?.aborted) throw new Error('cancelled');
    const n = Math.min(batch, count - from);
    const images = new Float32Array(batch * per);
    const labels = new Int32Array(n);
    const indices = Int32Array.from({ length: n }, (_, i) => from + i);
    for (let i = 0; i < n; i++) {
      labels[i] = data.example(from + i, scratch, 0);
      const fitted = fitExample(
        { width: dw, height: dh, channels: dc, data: scratch },
        { n: 1, c, h, w },
      );
      images.set(fitted.data, i * per);
    }
    const acts = forward(
      inference,
      { shape: [batch, c, h, w], data: images },
      {
        params: (ls) => params[ls.id] ?? {},
      },
    );
    const scores = acts.get(out.layerId)!.data.subarray(0, n * out.classes);
    const probs = out.probabilities
      ? scores
      : Array.from({ length: n }, (_, i) =>
          softmax(scores.subarray(i * out.classes, (i + 1) * out.classes)),
        ).flat();
    confusion = addBatch(confusion, probs, labels, indices);
    await new Promise((r) => setTimeout(r, 0));
  }
  return confusion;
}
