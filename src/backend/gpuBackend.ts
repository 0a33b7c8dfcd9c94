// The GPU backend: the whole forward pass as one submit on a WebGPU device, weights resident,
// only the requested layers read back. Runs are serialized (they share one plan and its buffers).

import { inferShapes, type OkShape } from '../core/infer';
import type { GpuDevice } from '../gpu/device';
import { createGpu, type Gpu } from '../gpu/gpu';
import { GpuRunner, RunCancelled } from '../gpu/runner';
import {
  BackendError,
  CancelledError,
  type Backend,
  type BackendStatus,
  type ForwardRequest,
} from './backend';
import { layerParams } from './params';

export interface GpuBackend extends Backend {
  readonly gpu: Gpu;
  readonly device: GpuDevice;
  readonly runner: GpuRunner;
}

/** A number per hand-set weights object: the key names it without stringifying its numbers. */
const fixedIds = new WeakMap<object, number>();
let nextFixedId = 1;
const fixedId = (f: object | undefined): number => {
  if (!f) return 0;
  let id = fixedIds.get(f);
  if (id === undefined) fixedIds.set(f, (id = nextFixedId++));
  return id;
};

/**
 * Names everything a layer's parameter values depend on, so unchanged weights stay resident.
 * The store replaces (never mutates) a layer's hand-set weights on an edit, so their identity
 * names them: a 2.4 M-number array is not turned into text on every run.
 */
const paramsKey = (request: ForwardRequest) => (ls: OkShape) =>
  JSON.stringify([ls.layer, ls.inputShapes, request.seed, fixedId(request.fixedWeights?.[ls.id])]);

export function createGpuBackend(
  device: GpuDevice,
  notice: string | null = null,
  why: string | null = null,
): GpuBackend {
  const gpu = createGpu(device.device);
  const runner = new GpuRunner(gpu);
  let status: BackendStatus = { kind: 'gpu', notice, device: device.adapterName, why };
  const listeners = new Set<(s: BackendStatus) => void>();
  // Errors outside a run's error scopes (none are expected): say so rather than stay silent.
  device.device.addEventListener('uncapturederror', (event) => {
    const message = (event as GPUUncapturedErrorEvent).error.message;
    status = {
      ...status,
      notice: `The GPU reported an error (${message}); if numbers look wrong, reload or add ?backend=cpu to the address.`,
    };
    listeners.forEach((l) => l(status));
  });
  let queue: Promise<unknown> = Promise.resolve();
  return {
    gpu,
    device,
    runner,
    status: () => status,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    forward(request, control) {
      const run = async () => {
        if (control?.signal?.aborted) throw new CancelledError();
        const inference = inferShapes(request.network);
        if (inference.inputError)
          throw new BackendError(`the input is invalid: ${inference.inputError.message}`);
        const t0 = performance.now();
        try {
          const activations = await runner.run(inference, request.input, {
            params: layerParams(request),
            paramsKey: paramsKey(request),
            upTo: request.upTo,
            readback: request.readback,
            batchNormMode: request.batchNormMode,
            ...(control?.onProgress
              ? {
                  onProgress: (done: number, total: number, layerId: string) =>
                    control.onProgress?.({ done, total, layerId }),
                  cancelled: () => control.signal?.aborted ?? false,
                }
              : {}),
          });
          // The GPU finished the work; a request cancelled meanwhile drops the result.
          if (control?.signal?.aborted) throw new CancelledError();
          return { activations, millis: performance.now() - t0 };
        } catch (e) {
          if (e instanceof RunCancelled) throw new CancelledError();
          throw e instanceof BackendError
            ? e
            : new BackendError(e instanceof Error ? e.message : String(e));
        }
      };
      const result = queue.then(run, run);
      queue = result.catch(() => undefined);
      return result;
    },
    dispose() {
      runner.dispose();
      gpu.buffers.destroyAll();
    },
  };
}
