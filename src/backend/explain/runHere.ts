// One explanation on this thread: on the GPU when a device is given, else on the CPU. Feature
// visualization reports each frame and returns the last; `cancelled()` is asked between frames.

import type { FeatureVisFrame } from '../../core/explain/featureVis';
import type { Gpu } from '../../gpu/gpu';
import { heldOutOf } from './datasetSource';
import { explain, type ExplainMethod, type ExplainOptions } from './explain';
import type { RunOptions } from './explainProtocol';

export async function runHere(
  method: ExplainMethod,
  options: RunOptions<ExplainMethod>,
  gpu: Gpu | undefined,
  onFrame: (frame: FeatureVisFrame) => void,
  cancelled: () => boolean = () => false,
): Promise<unknown> {
  const on = gpu ? { gpu } : {};
  if (method === 'topExamples') {
    const o = options as RunOptions<'topExamples'>;
    return explain('topExamples', { ...o, ...on, dataset: heldOutOf(o.source) });
  }
  if (method === 'featureVis') {
    let last: FeatureVisFrame | null = null;
    const frames = await explain('featureVis', {
      ...(options as ExplainOptions['featureVis']),
      ...on,
    });
    for await (const frame of frames) {
      if (cancelled()) {
        await frames.return(undefined);
        break;
      }
      last = frame;
      onFrame(frame);
    }
    return last;
  }
  return explain(method, { ...(options as ExplainOptions['saliency']), ...on });
}
