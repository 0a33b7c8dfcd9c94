// The CPU explanation worker: runs one explanation off the page's thread (a SmoothGrad or an
// occlusion on Tiny VGG takes seconds on the CPU) and posts the result, or each frame of a
// feature visualization as it forms. The page cancels by terminating the worker.

import { runHere } from './runHere';
import type { ExplainWorkerRequest, ExplainWorkerResponse } from './explainProtocol';

const post = (m: ExplainWorkerResponse) => self.postMessage(m);

self.onmessage = async (event: MessageEvent<ExplainWorkerRequest>) => {
  const { method, options } = event.data;
  try {
    const value = await runHere(method, options, undefined, (frame) =>
      post({ type: 'frame', frame }),
    );
    post({ type: 'result', value });
  } catch (e) {
    post({
      type: 'error',
      message: e instanceof Error ? e.message : String(e),
      name: e instanceof Error ? e.name : 'Error',
    });
  }
};
