// Starts an explanation where it belongs: on the page's GPU device when one is given (the work
// is on the GPU, the page stays responsive), else on the CPU in a Web Worker (inline where
// there is no Worker: Node, tests). Each run can be cancelled; a cancelled run's promise
// rejects with ExplainCancelled, and a feature visualization reports its frames as they come.

import type { FeatureVisFrame } from '../../core/explain/featureVis';
import type { GpuDevice } from '../../gpu/device';
import { createGpu, type Gpu } from '../../gpu/gpu';
import type { ExplainMethod, ExplainResults } from './explain';
import type { ExplainWorkerRequest, ExplainWorkerResponse, RunOptions } from './explainProtocol';
import { runHere } from './runHere';

export class ExplainCancelled extends Error {
  override readonly name = 'ExplainCancelled';
  constructor() {
    super('the explanation was cancelled');
  }
}

/** What a run resolves to: the method's result; for feature visualization, the last frame. */
export type RunResult<M extends ExplainMethod> = M extends 'featureVis'
  ? FeatureVisFrame | null
  : ExplainResults[M];

export interface ExplainJob<M extends ExplainMethod> {
  readonly done: Promise<RunResult<M>>;
  cancel(): void;
}

export type { GpuDevice as ExplainDevice };

/** One GPU context (its pipeline and buffer caches) per device, kept between explanations. */
const contexts = new WeakMap<GPUDevice, Gpu>();
function gpuOf(d: GpuDevice): Gpu {
  let g = contexts.get(d.device);
  if (!g) contexts.set(d.device, (g = createGpu(d.device)));
  return g;
}

export interface RunDeps {
  /** The page's WebGPU device: the explanation runs on it. */
  readonly device?: GpuDevice;
  readonly onFrame?: (frame: FeatureVisFrame) => void;
  /** Where the CPU runs: a worker (default where Worker exists) or this thread. */
  readonly cpuOn?: 'worker' | 'inline';
}

export function runExplanation<M extends ExplainMethod>(
  method: M,
  options: RunOptions<M>,
  deps: RunDeps = {},
): ExplainJob<M> {
  const onFrame = deps.onFrame ?? (() => {});
  const gpu = deps.device ? gpuOf(deps.device) : undefined;
  const where = gpu
    ? 'inline'
    : (deps.cpuOn ?? (typeof Worker === 'undefined' ? 'inline' : 'worker'));
  if (where === 'inline') {
    let stop = false;
    const done = runHere(
      method,
      options,
      gpu,
      (f) => !stop && onFrame(f),
      () => stop,
    ).then((v) => {
      if (stop) throw new ExplainCancelled();
      return v as RunResult<M>;
    });
    return { done, cancel: () => void (stop = true) };
  }
  const worker = new Worker(new URL('./explainWorker.ts', import.meta.url), {
    type: 'module',
    name: 'explain',
  });
  let reject: (e: Error) => void = () => {};
  const done = new Promise<RunResult<M>>((resolve, fail) => {
    reject = fail;
    worker.onmessage = (event: MessageEvent<ExplainWorkerResponse>) => {
      const m = event.data;
      if (m.type === 'frame') return onFrame(m.frame);
      worker.terminate();
      if (m.type === 'result') resolve(m.value as RunResult<M>);
      else {
        // The worker's error, by name (ExplainError: a refusal in words, not a failure).
        const e = new Error(m.message);
        e.name = m.name;
        fail(e);
      }
    };
    worker.onerror = (event) => {
      event.preventDefault();
      worker.terminate();
      fail(new Error(`the explanation worker failed: ${event.message}`));
    };
  });
  const request: ExplainWorkerRequest = { type: 'run', method, options };
  worker.postMessage(request);
  return {
    done,
    cancel: () => {
      worker.terminate();
      reject(new ExplainCancelled());
    },
  };
}
