// Keeps the app computing through GPU device loss: when the device is lost (driver reset, tab
// in the background too long, a test hook), a new device is acquired, weights re-uploaded on the
// next run, and the view recomputed. After MAX_LOSSES losses it falls back to the CPU and says so.

import { acquireGpu, type GpuDevice } from '../gpu/device';
import {
  isCancelled,
  type Backend,
  type BackendStatus,
  type ForwardControl,
  type ForwardRequest,
  type ForwardResult,
} from './backend';
import { createCpuBackend } from './cpuBackend';
import { createGpuBackend, type GpuBackend } from './gpuBackend';

export const MAX_LOSSES = 3;

export interface ResilientBackend extends Backend {
  /** Test hook: destroys the current device as a driver reset would. */
  loseDevice(): void;
  readonly losses: number;
}

export function createResilientBackend(
  gpuApi: GPU,
  first: GpuDevice,
  why: string | null = null,
): ResilientBackend {
  let current: Backend = createGpuBackend(first, null, why);
  let losses = 0;
  let disposed = false;
  let recovering: Promise<void> | null = null;
  const listeners = new Set<(s: BackendStatus) => void>();
  const emit = () => listeners.forEach((l) => l(current.status()));

  const fallBack = (why: string) => {
    current.dispose();
    current = createCpuBackend(
      `The GPU device was lost ${losses} times (${why}) — computing on the CPU now.`,
      'the GPU device was lost',
    );
  };

  const watch = (gpuBackend: GpuBackend) => {
    gpuBackend.onChange(() => {
      if (current === gpuBackend) emit();
    });
    void gpuBackend.device.device.lost.then((info) => {
      if (disposed || current !== gpuBackend) return;
      losses++;
      const why = info.message || info.reason || 'unknown reason';
      recovering = (async () => {
        if (losses >= MAX_LOSSES) {
          fallBack(why);
        } else {
          const again = await acquireGpu(gpuApi);
          if (!again.ok) {
            fallBack(`${why}; then ${again.reason}`);
          } else {
            const next = createGpuBackend(
              again.gpu,
              `The GPU device was lost (${why}) and has been restored, your network unchanged ` +
                `(${losses} of ${MAX_LOSSES} losses before falling back to the CPU).`,
            );
            watch(next);
            current = next;
          }
        }
        recovering = null;
        emit();
      })();
    });
  };
  watch(current as GpuBackend);

  const forward = async (
    request: ForwardRequest,
    control?: ForwardControl,
  ): Promise<ForwardResult> => {
    if (recovering) await recovering;
    const used = current;
    try {
      return await used.forward(request, control);
    } catch (e) {
      if (isCancelled(e)) throw e;
      // The device died under this run: wait for the new one and run once more.
      await Promise.resolve();
      if (recovering) await recovering;
      if (current !== used) return current.forward(request, control);
      throw e;
    }
  };

  return {
    status: () => current.status(),
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    forward,
    loseDevice() {
      if ('device' in current) (current as GpuBackend).device.device.destroy();
    },
    get losses() {
      return losses;
    },
    dispose() {
      disposed = true;
      current.dispose();
    },
  };
}
