// One layer of the forward pass on the GPU: allocates its output and records the op's program.
// The switch over layer kinds mirrors src/cpu/forward.ts runLayer (the CPU twin of this file).

import type { OkShape } from '../core/infer';
import type { ActivationLayer } from '../core/layers';
import type { LayerParams } from '../core/weights';
import { STORAGE, type Gpu } from './gpu';
import { activationProgram } from './programs/activation';
import { addProgram } from './programs/add';
import { batchNormProgram } from './programs/batchNorm';
import { concatProgram } from './programs/concat';
import { conv2dProgram } from './programs/conv2d';
import { flattenAlias } from './programs/flatten';
import { globalAvgPoolProgram } from './programs/globalAvgPool';
import { layerNormProgram } from './programs/layerNorm';
import { linearProgram } from './programs/linear';
import { pool2dProgram } from './programs/pool2d';
import { numel, type GpuTensor, type Recorded } from './programs/program';
import { softmaxProgram } from './programs/softmax';

/** The layer's parameter buffers, by LayerParams field name. */
export type LayerBuffers = Partial<Record<keyof LayerParams, GPUBuffer>>;

export interface RecordedLayer {
  readonly out: GpuTensor;
  /** False when the output aliases an input's buffer (flatten). */
  readonly ownsOutput: boolean;
  readonly recorded: Recorded;
}

export interface RecordOptions {
  readonly batchNormMode?: 'inference' | 'training';
  /**
   * conv2d and linear: the activation layer fused into this one (see fusion.ts). The output is
   * then the activation's (same shape), labelled with its id; the conv's own is never written.
   */
  readonly fused?: { readonly id: string; readonly layer: ActivationLayer };
}

const NOTHING: Recorded = { dispatches: [], owned: [] };

function need(b: GPUBuffer | undefined, what: string, id: string): GPUBuffer {
  if (!b) throw new Error(`layer '${id}' has no ${what} on the GPU`);
  return b;
}

export function recordLayer(
  gpu: Gpu,
  ls: OkShape,
  ins: readonly GpuTensor[],
  p: LayerBuffers,
  opts: RecordOptions,
): RecordedLayer {
  const { layer, id } = ls;
  const x = ins[0];
  // Flatten, and dropout at inference, pass the input's buffer on unchanged.
  if (layer.kind === 'flatten' || layer.kind === 'dropout') {
    return { out: flattenAlias(x, ls.shape), ownsOutput: false, recorded: NOTHING };
  }
  const fused = opts.fused;
  if (fused && layer.kind !== 'conv2d' && layer.kind !== 'linear') {
    throw new Error(`layer '${id}' (${layer.kind}) cannot take a fused activation`);
  }
  const activation = fused && { fn: fused.layer.fn, alpha: fused.layer.alpha };
  const label = fused ? `${id}+${fused.id}` : id;
  const out: GpuTensor = {
    buffer: gpu.buffers.acquire(numel(ls.shape) * 4, STORAGE, fused?.id ?? id),
    shape: ls.shape,
  };
  const record = (): Recorded => {
    switch (layer.kind) {
      case 'conv2d':
        return conv2dProgram(
          gpu,
          x,
          need(p.weight, 'weights', id),
          p.bias ?? null,
          out,
          layer,
          ls.window!,
          { trueConvolution: layer.trueConvolution ?? false, activation },
          label,
        );
      case 'maxPool2d':
      case 'avgPool2d':
        return pool2dProgram(gpu, x, out, layer, ls.window!, null, id);
      case 'globalAvgPool':
        return globalAvgPoolProgram(gpu, x, out, id);
      case 'batchNorm':
        return batchNormProgram(
          gpu,
          x,
          out,
          {
            gamma: need(p.gamma, 'gamma', id),
            beta: need(p.beta, 'beta', id),
            runningMean: need(p.runningMean, 'running mean', id),
            runningVar: need(p.runningVar, 'running variance', id),
          },
          layer.eps,
          opts.batchNormMode ?? 'inference',
          null,
          id,
        );
      case 'layerNorm':
        return layerNormProgram(gpu, x, out, p.gamma ?? null, p.beta ?? null, layer.eps, id);
      case 'activation':
        return activationProgram(gpu, x, out, layer.fn, layer.alpha, id);
      case 'linear':
        return linearProgram(gpu, x, need(p.weight, 'weights', id), p.bias ?? null, out, label, {
          activation,
        });
      case 'softmax':
        return softmaxProgram(gpu, x, out, id);
      case 'add':
        return addProgram(gpu, ins, out, id);
      case 'concat':
        return concatProgram(gpu, ins, out, id);
    }
  };
  try {
    return { out, ownsOutput: true, recorded: record() };
  } catch (e) {
    gpu.buffers.release(out.buffer);
    throw e;
  }
}
