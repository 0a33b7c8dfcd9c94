// Resource guard: refuses, before any buffer is made or any work submitted, a forward pass whose
// buffers would break a device limit or a sane memory budget, naming the layer and the size.
// It lists the buffers the runner will allocate for the plan (src/gpu/runner.ts): the input, one
// output per recorded layer (flatten aliases its input; a fused activation's output is its
// producer's), every parameter buffer, the programs' scratch buffers and the readback staging
// buffers, each at the size the buffer pool really allocates (its size class).

import { layerCost } from '../core/cost';
import type { OkShape } from '../core/infer';
import type { Shape } from '../core/shape';
import { sizeClass } from './bufferPool';

/** Total GPU memory one forward pass may hold (input, activations, weights, staging), bytes. */
export const GPU_MEMORY_BUDGET = 1.5 * 2 ** 30;

export class ResourceError extends Error {
  override readonly name = 'ResourceError';
}

export type GuardLimits = Pick<
  GPUSupportedLimits,
  'maxStorageBufferBindingSize' | 'maxBufferSize' | 'maxComputeWorkgroupsPerDimension'
>;

export const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

/** What the guard needs to know of a planned forward pass. */
export interface PlannedRun {
  readonly inputShape: Shape;
  /** The layers computed, in order. */
  readonly layers: readonly OkShape[];
  readonly readback: readonly string[];
  /** Activation layers whose output their producer's fused dispatch writes (src/gpu/fusion.ts). */
  readonly fusedActivations: ReadonlySet<string>;
  readonly batchNormMode: 'inference' | 'training';
}

interface PlannedBuffer {
  /** 'output', 'weights', …: the phrase after "for its". */
  readonly what: string;
  readonly bytes: number;
  /** Bound as a storage buffer (then maxStorageBufferBindingSize applies too). */
  readonly storage: boolean;
}

const numel = (s: Shape) => s.reduce((a, b) => a * b, 1);

/** Bytes of the layer's largest parameter buffer (its kernel or matrix, or a norm's gamma). */
export function paramBytes(ls: OkShape): number {
  return 4 * (layerCost(ls)?.weights ?? 0);
}

/** The buffers the runner allocates for one layer (not counting the network input). */
function layerBuffers(ls: OkShape, run: PlannedRun): PlannedBuffer[] {
  const out: PlannedBuffer[] = [];
  const bytes = 4 * numel(ls.shape);
  const { kind } = ls.layer;
  if (kind !== 'flatten' && !run.fusedActivations.has(ls.id)) {
    out.push({ what: 'output', bytes, storage: true });
  }
  const cost = layerCost(ls);
  if (cost) {
    // The runner uploads at least 16 bytes per parameter array.
    const param = (what: string, count: number) =>
      count > 0 && out.push({ what, bytes: Math.max(16, 4 * count), storage: true });
    param('weights', cost.weights);
    param('biases', cost.biases);
    param('running mean', cost.buffers / 2);
    param('running variance', cost.buffers / 2);
  }
  // Scratch: conv2d's and linear's stand-in bias, batch norm's batch statistics in training.
  if ((kind === 'conv2d' || kind === 'linear') && !ls.layer.bias) {
    out.push({ what: 'stand-in bias', bytes: 16, storage: true });
  }
  if (kind === 'batchNorm' && run.batchNormMode === 'training') {
    out.push({ what: 'batch mean', bytes: 4 * ls.shape[1], storage: true });
    out.push({ what: 'batch variance', bytes: 4 * ls.shape[1], storage: true });
  }
  if (run.readback.includes(ls.id)) {
    out.push({ what: 'output read back', bytes, storage: false });
  }
  return out;
}

/**
 * Throws a ResourceError naming the layer and the size when a buffer of the run would exceed
 * maxBufferSize (or, bound for storage, maxStorageBufferBindingSize), or when the run's buffers
 * together would exceed GPU_MEMORY_BUDGET. Uniform buffers are left out: the largest Params
 * struct is about 100 bytes, against a guaranteed 64 KiB. Dispatch sizes are checked when the
 * programs are recorded (grid1d, and checkDispatches in the runner).
 */
export function checkResources(run: PlannedRun, limits: GuardLimits): void {
  const maxStorage = Math.min(limits.maxStorageBufferBindingSize, limits.maxBufferSize);
  const check = (who: string, b: PlannedBuffer) => {
    const size = sizeClass(b.bytes);
    const limit = b.storage ? maxStorage : limits.maxBufferSize;
    if (size > limit) {
      throw new ResourceError(
        `${who} needs ${mib(size)} for its ${b.what}, more than this GPU allows in one buffer (${mib(limit)}); try a smaller input or select an earlier layer`,
      );
    }
    return size;
  };
  let total = check('the input', {
    what: 'values',
    bytes: 4 * numel(run.inputShape),
    storage: true,
  });
  for (const ls of run.layers) {
    let own = 0;
    for (const b of layerBuffers(ls, run)) own += check(`layer '${ls.id}'`, b);
    total += own;
    if (total > GPU_MEMORY_BUDGET) {
      throw new ResourceError(
        `up to layer '${ls.id}' this network needs ${mib(total)} of GPU memory (that layer alone ${mib(own)}), more than the ${mib(GPU_MEMORY_BUDGET)} budget; select an earlier layer or use a smaller input`,
      );
    }
  }
}
